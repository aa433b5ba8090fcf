package dev.streamer.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.streamer.bench.AlternatingRounds.Side;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlternatingRoundsTest {

    /** Each call answers {@code perCall[i]} requests of 1 ms in the call's duration, and records what was asked. */
    private static final class Recording implements AlternatingRounds.Runner {
        final List<String> calls = new ArrayList<>();
        private final int[] perCall;

        Recording(int... perCall) {
            this.perCall = perCall;
        }

        @Override
        public Load run(Side side, Duration duration) {
            int n = perCall[calls.size()];
            calls.add(side + " " + duration.toMillis());
            long[] micros = new long[n];
            java.util.Arrays.fill(micros, 1_000L * (calls.size()));
            return new Load(Latencies.ofMicros(micros), duration.toMillis() / 1000.0, calls.size() % 3 == 0 ? 1 : 0);
        }
    }

    @Test
    void warmsUpBothSidesThenFlipsTheOrderEveryRound() throws Exception {
        Recording runner = new Recording(1, 1, 10, 10, 10, 10, 10, 10);
        AlternatingRounds.run(runner, Duration.ofSeconds(10), Duration.ofSeconds(5), 3);
        assertThat(runner.calls)
                .containsExactly(
                        "BASELINE 10000", "ROUTE 10000",
                        "BASELINE 5000", "ROUTE 5000",
                        "ROUTE 5000", "BASELINE 5000",
                        "BASELINE 5000", "ROUTE 5000");
    }

    @Test
    void ratioIsOfTheTotalsOverTheSameRoundsAndLeavesTheWarmUpOut() throws Exception {
        // warm-up: a cold baseline (10) and a fast route (1000) that must not count;
        // round 0: baseline 200, route 100; round 1 (route first): route 150, baseline 100
        Recording runner = new Recording(10, 1000, 200, 100, 150, 100);
        AlternatingRounds.Outcome o = AlternatingRounds.run(runner, Duration.ofSeconds(2), Duration.ofSeconds(1), 2);

        assertThat(o.baseline().latencies().count()).isEqualTo(300);
        assertThat(o.route().latencies().count()).isEqualTo(250);
        assertThat(o.baseline().seconds()).isEqualTo(2.0);
        assertThat(o.baseline().perSecond()).isEqualTo(150.0);
        assertThat(o.route().perSecond()).isEqualTo(125.0);
        assertThat(o.ratio()).isCloseTo(125.0 / 150.0, within(1e-9));
        assertThat(o.rounds()).hasSize(2);
        assertThat(o.rounds().get(0).ratio()).isEqualTo(0.5);
        assertThat(o.rounds().get(1).ratio()).isEqualTo(1.5);
        assertThat(o.lowestRoundRatio()).isEqualTo(0.5);
        assertThat(o.highestRoundRatio()).isEqualTo(1.5);
        // the 6th call (round 1's baseline) failed once; calls 3 (round 0's baseline) too
        assertThat(o.baseline().failures()).isEqualTo(2);
        assertThat(o.route().failures()).isZero();
        // latencies merged from both rounds of a side: round 0's baseline was call 3 (3 ms), round 1's call 6 (6 ms)
        assertThat(o.baseline().latencies().p50()).isEqualTo(3.0);
        assertThat(o.baseline().latencies().max()).isEqualTo(6.0);
    }

    @Test
    void noWarmUpWhenItIsZeroAndAtLeastOneRound() throws Exception {
        Recording runner = new Recording(4, 2);
        AlternatingRounds.Outcome o = AlternatingRounds.run(runner, Duration.ZERO, Duration.ofSeconds(1), 1);
        assertThat(runner.calls).containsExactly("BASELINE 1000", "ROUTE 1000");
        assertThat(o.ratio()).isEqualTo(0.5);
        assertThatThrownBy(() -> AlternatingRounds.run(runner, Duration.ZERO, Duration.ofSeconds(1), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void combinedLoadOfNothingHasNoRate() {
        Load none = Load.combined(List.of());
        assertThat(none.latencies().count()).isZero();
        assertThat(none.perSecond()).isNaN();
    }
}
