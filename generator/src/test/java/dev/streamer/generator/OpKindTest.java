package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class OpKindTest {

    @Test
    void parsesAMixAndDrawsInProportion() {
        Map<OpKind, Double> mix = OpKind.parseMix("post=3, like=1,share=0");
        Map<OpKind, Integer> drawn = new EnumMap<>(OpKind.class);
        Random random = new Random(5);
        for (int i = 0; i < 4000; i++) {
            drawn.merge(OpKind.draw(mix, random), 1, Integer::sum);
        }
        assertThat(drawn).containsOnlyKeys(OpKind.POST, OpKind.LIKE);
        assertThat(drawn.get(OpKind.POST)).isBetween(2800, 3200);
    }

    @Test
    void rejectsBadMixes() {
        assertThatThrownBy(() -> OpKind.parseMix("poke=1")).hasMessageContaining("unknown operation");
        assertThatThrownBy(() -> OpKind.parseMix("post")).hasMessageContaining("post=60");
        assertThatThrownBy(() -> OpKind.parseMix("post=0")).hasMessageContaining("positive");
    }
}
