package dev.streamer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.generator.Report;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class AnswerAuditTest {

    private static final List<Fault.Outcome> FAULTS = List.of(
            new Fault.Outcome("kill -9 TaskManager", false, 10_000, 10_000, 20_000, ""),
            new Fault.Outcome("Kafka broker stopped 30 s", true, 30_000, 60_000, 70_000, ""));

    private static Report.FailedAttempt failed(long at, String status, String request) {
        return new Report.FailedAttempt(at - 100, at, status, request);
    }

    @Test
    void a503A429OrNoAnswerDuringAnOutageIsExplainedAndCountedForIt() {
        Report.Attempts attempts = new Report.Attempts(
                List.of(),
                List.of(
                        failed(31_000, "503", "POST /api/posts/{id}/like"),
                        failed(75_000, "io", "POST /api/auth/login"),
                        failed(72_000, "429", "POST /api/posts/{id}/like"),
                        failed(5_000, "409", "POST /api/auth/register")),
                0);
        AnswerAudit.Verdict v = AnswerAudit.audit(attempts, FAULTS, Duration.ofSeconds(10), 100_000);
        assertThat(v.clean()).isTrue();
        assertThat(v.unavailable()).containsExactly(0, 2);
        assertThat(v.unanswered()).containsExactly(0, 1);
    }

    @Test
    void a500_a503OrA429OutsideAnOutageOrDuringAFaultThatKeepsTheApiUpAreUnexplained() {
        Report.Attempts attempts = new Report.Attempts(
                List.of(),
                List.of(
                        failed(35_000, "500", "POST /api/posts/{id}/like"),
                        failed(15_000, "503", "POST /api/communities/{id}/posts"),
                        failed(95_000, "503", "POST /api/communities/{id}/posts"),
                        failed(16_000, "429", "POST /api/posts/{id}/shares")),
                0);
        AnswerAudit.Verdict v = AnswerAudit.audit(attempts, FAULTS, Duration.ofSeconds(10), 100_000);
        assertThat(v.clean()).isFalse();
        assertThat(v.unexplained())
                .extracting(Report.FailedAttempt::status)
                .containsExactly("500", "503", "503", "429");
    }

    @Test
    void failuresTheGeneratorDidNotListMakeTheAuditUnclean() {
        AnswerAudit.Verdict v = AnswerAudit.audit(
                new Report.Attempts(List.of(), List.of(), 3), FAULTS, Duration.ofSeconds(10), 100_000);
        assertThat(v.clean()).isFalse();
    }
}
