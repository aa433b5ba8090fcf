package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResultCodecTest {

    @Test
    void feedPostRoundTripsWithLowerCaseEmotion() {
        FeedPost post = new FeedPost(
                "p1",
                "facebook",
                "u1",
                "alice",
                "so happy",
                null,
                1000L,
                Emotion.JOY,
                new EmotionScores(0.01, 0.01, 0.01, 0.9, 0.02, 0.03, 0.02),
                3,
                2,
                1,
                7);
        byte[] json = ResultCodec.encode(post);
        assertThat(new String(json, StandardCharsets.UTF_8))
                .contains("\"emotion\":\"joy\"")
                .doesNotContain("mediaId");
        assertThat(ResultCodec.decodeFeedPost(json)).isEqualTo(post);
    }

    @Test
    void windowResultRoundTripsAndHasAReplaceKey() {
        WindowResult w = new WindowResult(
                "skype",
                30_000,
                60_000,
                4,
                2,
                5,
                1,
                0,
                EmotionCounts.ZERO.plus(Emotion.JOY).plus(Emotion.ANGER),
                1,
                1,
                true);
        assertThat(ResultCodec.decodeWindowResult(ResultCodec.encode(w))).isEqualTo(w);
        assertThat(w.key()).isEqualTo("skype@30000");
        assertThat(w.emotions().total()).isEqualTo(2);
    }

    @Test
    void badResultJsonIsAContractViolation() {
        assertThatThrownBy(() -> ResultCodec.decodeWindowResult("nope".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(ContractViolation.class);
    }

    @Test
    void emotionScoresFollowTheLabelOrder() {
        EmotionScores s = EmotionScores.of(new double[] {1, 2, 3, 4, 5, 6, 7});
        for (int i = 0; i < Emotion.ALL.size(); i++) {
            assertThat(s.get(Emotion.ALL.get(i))).isEqualTo(i + 1);
        }
        assertThat(Emotion.fromLabel("Surprise")).isEqualTo(Emotion.SURPRISE);
    }
}
