package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.Limits;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextSynthesiserTest {

    private final TextSynthesiser synth = new TextSynthesiser();

    @Test
    void yieldsEveryEmotion() {
        Random random = new Random(7);
        Set<Emotion> seen = EnumSet.noneOf(Emotion.class);
        for (int i = 0; i < 200; i++) {
            seen.add(synth.sample(random).emotion());
        }
        assertThat(seen).containsExactlyInAnyOrderElementsOf(Emotion.ALL);
    }

    @Test
    void eachTextCarriesItsEmotionsWording() {
        Random random = new Random(11);
        for (Emotion emotion : Emotion.ALL) {
            for (int i = 0; i < 50; i++) {
                String text = synth.sample(random, emotion).text();
                assertThat(TextSynthesiser.feelings(emotion)).anyMatch(text::contains);
                assertThat(text).isNotBlank().hasSizeLessThanOrEqualTo(Limits.COMMENT_TEXT_MAX);
                for (Emotion other : Emotion.ALL) {
                    if (other != emotion) {
                        assertThat(TextSynthesiser.feelings(other)).noneMatch(text::contains);
                    }
                }
            }
        }
    }

    @Test
    void variesAndRepeatsWithTheSeed() {
        Set<String> distinct = new HashSet<>();
        Random a = new Random(3);
        Random b = new Random(3);
        for (int i = 0; i < 300; i++) {
            String x = synth.next(a, Limits.POST_TEXT_MAX);
            assertThat(synth.next(b, Limits.POST_TEXT_MAX)).isEqualTo(x);
            distinct.add(x);
        }
        assertThat(distinct).hasSizeGreaterThan(280);
    }
}
