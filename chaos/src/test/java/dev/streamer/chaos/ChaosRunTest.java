package dev.streamer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.generator.GroundTruth;
import org.junit.jupiter.api.Test;

class ChaosRunTest {

    private static final long W = GroundTruth.WINDOW_MILLIS;

    @Test
    void theRunsFirstWindowIsTheNextOneEvenOnABoundary() {
        long start = 1_796_054_190_000L; // a window start
        assertThat(ChaosRun.firstOwnWindowStart(start)).isEqualTo(start + W);
        assertThat(ChaosRun.firstOwnWindowStart(start + 1)).isEqualTo(start + W);
        assertThat(ChaosRun.firstOwnWindowStart(start + W - 1)).isEqualTo(start + W);
        // the CI run that found it: the e2e stage's last like at :45, the run at :49 of the window starting at :30
        assertThat(ChaosRun.firstOwnWindowStart(start + 19_000)).isEqualTo(start + W);
    }
}
