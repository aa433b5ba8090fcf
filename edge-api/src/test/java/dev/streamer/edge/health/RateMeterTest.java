package dev.streamer.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RateMeterTest {

    @Test
    void aRateNeedsTwoSamplesAtLeastTheMinimumIntervalApart() {
        RateMeter m = new RateMeter(1000);
        assertThat(m.sample(10_000, 100)).isEmpty();
        // too close: the first sample stays the reference, still no rate
        assertThat(m.sample(10_400, 150)).isEmpty();
        assertThat(m.sample(12_000, 300).getAsDouble()).isEqualTo(100.0);
        // too close to the last: the last rate again, the reference unchanged
        assertThat(m.sample(12_500, 1_000).getAsDouble()).isEqualTo(100.0);
        assertThat(m.sample(14_000, 1_300).getAsDouble()).isEqualTo(500.0);
    }

    @Test
    void aCounterThatWentDownGivesNoRateUntilTheNextSample() {
        RateMeter m = new RateMeter(1000);
        m.sample(0, 500);
        assertThat(m.sample(2_000, 20)).isEmpty();
        assertThat(m.sample(4_000, 60).getAsDouble()).isEqualTo(20.0);
    }

    @Test
    void afterAResetTheNextIntervalStartsAfresh() {
        RateMeter m = new RateMeter(1000);
        m.sample(0, 0);
        assertThat(m.sample(1_000, 10).getAsDouble()).isEqualTo(10.0);
        m.reset();
        assertThat(m.sample(60_000, 1_000)).isEmpty();
        assertThat(m.sample(61_000, 1_005).getAsDouble()).isEqualTo(5.0);
    }
}
