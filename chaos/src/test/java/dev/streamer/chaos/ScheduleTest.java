package dev.streamer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScheduleTest {

    @Test
    void theShortFormInjectsEveryFaultOnceAndLeavesParallelismTwo() {
        List<Schedule.Step> steps = Schedule.shortForm(42);
        assertThat(steps)
                .extracting(s -> s.fault().name())
                .containsExactly(
                        "poison: 1 MB random + 300 KB control bytes",
                        "kill -9 TaskManager",
                        "down + up, parallelism 1",
                        "kill -9 edge-api + live-push",
                        "Kafka broker stopped 30 s",
                        "kill -9 JobManager",
                        "MariaDB stopped 60 s",
                        "down + up, parallelism 2");
        assertThat(steps)
                .allSatisfy(s -> assertThat(s.trafficBefore()).isBetween(Duration.ofSeconds(2), Duration.ofSeconds(6)));
        assertThat(Schedule.estimateSeconds(steps))
                .as("fits the short form's 8 minutes with set-up and settling")
                .isLessThan(440);
    }

    @Test
    void theSameSeedGivesTheSameSchedule() {
        assertThat(Schedule.shortForm(7)).isEqualTo(Schedule.shortForm(7));
        assertThat(Schedule.soak(7, Duration.ofMinutes(30))).isEqualTo(Schedule.soak(7, Duration.ofMinutes(30)));
    }

    @Test
    void aSoakRepeatsTheFaultsWithinItsTimeAndEndsAtParallelismTwo() {
        List<Schedule.Step> steps = Schedule.soak(3, Duration.ofMinutes(30));
        assertThat(steps.size()).isGreaterThan(2 * Schedule.shortForm(3).size());
        assertThat(Schedule.estimateSeconds(steps)).isLessThanOrEqualTo(30 * 60 + 100);
        Faults.DownUp last = null;
        int parallelism = 2;
        for (Schedule.Step s : steps) {
            if (s.fault() instanceof Faults.DownUp d) {
                assertThat(d.parallelism()).as("down/up alternates 2 -> 1 -> 2").isNotEqualTo(parallelism);
                parallelism = d.parallelism();
                last = d;
            }
        }
        assertThat(last).isNotNull();
        assertThat(parallelism).isEqualTo(2);
    }
}
