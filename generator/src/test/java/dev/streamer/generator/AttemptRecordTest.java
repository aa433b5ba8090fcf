package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AttemptRecordTest {

    @Test
    void countsAttemptsPerSecondAndListsTheOnesWithoutA2xx() {
        AttemptRecord record = new AttemptRecord();
        record.attempt("POST /api/posts/{id}/like", 202, 1_000, 1_010);
        record.attempt("POST /api/posts/{id}/like", 503, 1_500, 1_990);
        record.attempt("POST /api/auth/login", ApiResponse.NO_RESPONSE, 1_900, 2_100);
        record.attempt("POST /api/auth/login", 200, 2_200, 2_300);

        Report.Attempts a = record.snapshot();
        assertThat(a.perSecond()).containsExactly(new Report.AttemptSecond(1, 1, 1), new Report.AttemptSecond(2, 1, 1));
        assertThat(a.failures())
                .containsExactly(
                        new Report.FailedAttempt(1_500, 1_990, "503", "POST /api/posts/{id}/like"),
                        new Report.FailedAttempt(1_900, 2_100, "io", "POST /api/auth/login"));
        assertThat(a.failuresNotListed()).isZero();
    }

    @Test
    void listsAtMostTheFirstFailuresAndCountsTheRest() {
        AttemptRecord record = new AttemptRecord();
        for (int i = 0; i < AttemptRecord.MAX_FAILURES + 3; i++) {
            record.attempt("POST /api/media", 503, i, i);
        }
        Report.Attempts a = record.snapshot();
        assertThat(a.failures()).hasSize(AttemptRecord.MAX_FAILURES);
        assertThat(a.failuresNotListed()).isEqualTo(3);
    }
}
