package dev.streamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

class MachineSettleTest {

    /** Cumulative /proc/stat-like times from per-second busy shares (100 ticks a second). */
    private static MachineSettle.CpuSource shares(double... perSecond) {
        List<MachineSettle.CpuTimes> times = new ArrayList<>();
        long busy = 0;
        long total = 0;
        times.add(new MachineSettle.CpuTimes(busy, total));
        for (double share : perSecond) {
            busy += Math.round(share * 100);
            total += 100;
            times.add(new MachineSettle.CpuTimes(busy, total));
        }
        Iterator<MachineSettle.CpuTimes> it = times.iterator();
        return it::next;
    }

    private static final MachineSettle.Sleeper NO_WAIT = d -> {};

    @Test
    void settlesOnceAWholeWindowIsQuietOnAverage() throws Exception {
        MachineSettle settle = new MachineSettle(
                shares(1.0, 0.9, 0.8, 0.2, 0.1, 0.3, 0.1, 0.2, 0.1, 0.1), NO_WAIT, 0.25, 3, Duration.ofSeconds(10));

        MachineSettle.Result r = settle.await();

        // seconds 4-6 average 0.2: the first full window at or under 0.25
        assertThat(r.settled()).isTrue();
        assertThat(r.waited()).isEqualTo(Duration.ofSeconds(6));
        assertThat(r.busy()).isCloseTo(0.2, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void aBusyMachineIsReportedAfterTheLimit() throws Exception {
        MachineSettle settle =
                new MachineSettle(shares(0.9, 0.1, 0.9, 0.1, 0.9, 0.1), NO_WAIT, 0.25, 2, Duration.ofSeconds(5));

        MachineSettle.Result r = settle.await();

        assertThat(r.settled()).isFalse();
        assertThat(r.waited()).isEqualTo(Duration.ofSeconds(5));
        assertThat(r.busy()).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    void idleAndIowaitAreNotBusy() {
        MachineSettle.CpuTimes t = MachineSettle.parse("cpu  100 5 50 800 40 3 2 0 7 0");

        assertThat(t.total()).isEqualTo(1000);
        assertThat(t.busy()).isEqualTo(160);
    }
}
