package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.ContractViolation.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TextsTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "\u200B", "\u200B\u200C\u200D", "\u00A0\u00A0", "\u2007\u202F", "\u2060\uFEFF", "\u00AD",
                "\u200E\u200F\u202A\u202C", "\u3000", "\u2028\u2029", "\u3164\u115F\uFFA0", "\u2800", "\u0301\u0302",
                "\uFE0F", " \t\n\u000B\r", "\u0000\u0007", "\u2066\u2069", "\u034F"
            })
    void textOfInvisibleCharactersIsBlank(String text) {
        assertThat(Texts.isVisible(text))
                .as("%s", text.codePoints().mapToObj(Integer::toHexString).toList())
                .isFalse();
        assertThatThrownBy(() -> EventValidator.text("text", text, 100))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.reason()).isEqualTo(Reason.MISSING_TEXT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"a", "\u00A0x\u200B", "👋", "e\u0301", "日本", "\u200Bok", "\uE000", "-", "❤\uFE0F"})
    void textWithSomethingToSeeIsAccepted(String text) {
        assertThat(EventValidator.text("text", text, 100)).isEqualTo(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\uD800", "\uDC00abc", "a\uD83Dx", "\uDE00\uD83D", "x\uD800\uD800\uDC00"})
    void loneSurrogatesAreMalformed(String text) {
        assertThat(Texts.isWellFormed(text)).isFalse();
        assertThatThrownBy(() -> EventValidator.text("text", text, 100))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(Reason.INVALID_FIELD);
                    assertThat(v.field()).isEqualTo("text");
                });
    }

    @Test
    void surrogatePairsAreWellFormed() {
        assertThat(Texts.isWellFormed("a😀b\uD83D\uDE00")).isTrue();
        assertThat(Texts.isWellFormed("")).isTrue();
    }

    @Test
    void anEventWhoseTextIsOnlyZeroWidthSpacesIsRejectedByTheDecoder() {
        String json = """
                {"eventId":"%s","type":"POST_CREATED","communityId":"facebook","userId":"%s","postId":"%s",
                 "occurredAt":1764000000000,"post":{"text":"\\u200b\\u00a0\\u200d"}}""".formatted(EventCodecTest.id(), EventCodecTest.id(), EventCodecTest.id());
        assertThatThrownBy(() -> EventCodec.decode(json)).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.reason()).isEqualTo(Reason.MISSING_TEXT);
            assertThat(v.field()).isEqualTo("post.text");
        });
    }
}
