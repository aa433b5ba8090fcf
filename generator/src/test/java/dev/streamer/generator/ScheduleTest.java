package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The load schedule (Pacer ticks submitted to the Driver) honours the requested rate. */
class ScheduleTest {

    @Test
    void honoursTheRequestedRateWithinTenPercentOverTenSeconds() throws InterruptedException {
        double rate = 80;
        int seconds = 10;
        AtomicInteger done = new AtomicInteger();
        int[] perSecond = new int[seconds];
        long start = System.nanoTime();
        try (Driver driver = new Driver(4)) {
            Pacer pacer = new Pacer(rate);
            long deadline = start + TimeUnit.SECONDS.toNanos(seconds);
            int submitted = 0;
            while (pacer.awaitNext(deadline)) {
                int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                if (second < seconds) {
                    perSecond[second]++;
                }
                driver.submit(() -> {
                    sleep(15); // a request's worth of latency: 4 workers keep up with 80/s
                    done.incrementAndGet();
                });
                submitted++;
            }
            double scheduled = (System.nanoTime() - start) / 1e9;
            assertThat(driver.awaitIdle(Duration.ofSeconds(10))).isTrue();
            assertThat(done.get()).isEqualTo(submitted);
            assertThat(scheduled).isBetween(seconds - 0.1, seconds + 0.5);
        }
        assertThat(done.get()).isBetween((int) (rate * seconds * 0.9), (int) (rate * seconds * 1.1));
        for (int n : perSecond) {
            // catching up after a stall is capped at one second's worth: never a burst of more than twice the rate
            assertThat(n).as("operations in each second").isLessThanOrEqualTo((int) (rate * 2));
        }
    }

    @Test
    void aStallDoesNotTurnIntoABurstOfMoreThanOneSecond() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Pacer pacer = new Pacer(100, clock);
        long far = clock.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        assertThat(pacer.awaitNext(far)).isTrue();
        clock.now += TimeUnit.SECONDS.toNanos(3); // the caller stalled for 3 s
        long stallEnded = clock.now;
        int immediate = 0;
        while (true) {
            long before = clock.now;
            assertThat(pacer.awaitNext(far)).isTrue();
            if (clock.now != before) {
                break;
            }
            immediate++;
        }
        // one second's worth of overdue ticks (100) plus the one due now come at once; the next waits a period
        assertThat(immediate).isEqualTo(101);
        assertThat(clock.now - stallEnded).isEqualTo(TimeUnit.MILLISECONDS.toNanos(10));
    }

    @Test
    void ticksAreSpacedByThePeriodWhenTheCallerKeepsUp() throws InterruptedException {
        ManualClock clock = new ManualClock();
        Pacer pacer = new Pacer(50, clock);
        long start = clock.now;
        long deadline = start + TimeUnit.SECONDS.toNanos(2);
        int ticks = 0;
        while (pacer.awaitNext(deadline)) {
            ticks++;
        }
        assertThat(ticks).isEqualTo(100);
        assertThat(clock.now - start).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1980));
    }

    /** Time that moves only when the pacer waits. */
    private static final class ManualClock implements Pacer.Clock {
        long now = 1_000_000_000L;

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleepNanos(long nanos) {
            now += nanos;
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
