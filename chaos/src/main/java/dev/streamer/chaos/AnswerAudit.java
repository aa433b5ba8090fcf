package dev.streamer.chaos;

import dev.streamer.generator.Report;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Every attempt the generator made that did not get a 2xx must be explained: a 503 (or no answer at all) while a
 * fault that takes edge-api's writes away lasted — from its injection to its recovery plus a grace period — or a 4xx
 * the generator expects (409 when an account already exists). A 429 is explained in the same window only: the
 * retries a user's requests piled up during an outage come back together and may exceed the user's rate limit, which
 * answers 429 + Retry-After and the client retries (no event is created for a 429). Anything else (a 500, a 503 or
 * 429 outside an outage, a timeout while nothing was broken) is listed as unexplained.
 */
final class AnswerAudit {

    /** Per fault, the 503s (and 429s) and unanswered attempts that fell into it; and what no fault explains. */
    record Verdict(long[] unavailable, long[] unanswered, List<Report.FailedAttempt> unexplained, long notListed) {
        boolean clean() {
            return unexplained.isEmpty() && notListed == 0;
        }
    }

    private AnswerAudit() {}

    static Verdict audit(Report.Attempts attempts, List<Fault.Outcome> outcomes, Duration grace, long runEnd) {
        long[] unavailable = new long[outcomes.size()];
        long[] unanswered = new long[outcomes.size()];
        List<Report.FailedAttempt> unexplained = new ArrayList<>();
        for (Report.FailedAttempt f : attempts.failures()) {
            if (f.status().equals("409") && f.request().equals("POST /api/auth/register")) {
                continue;
            }
            int fault = during(f, outcomes, grace, runEnd);
            boolean outageAnswer = f.status().equals("503")
                    || f.status().equals("429")
                    || f.status().equals("io");
            if (fault < 0 || !outageAnswer) {
                unexplained.add(f);
            } else if (!f.status().equals("io")) {
                unavailable[fault]++;
            } else {
                unanswered[fault]++;
            }
        }
        return new Verdict(unavailable, unanswered, List.copyOf(unexplained), attempts.failuresNotListed());
    }

    /** The index of the API-disrupting fault whose time covers the attempt's answer, or -1. */
    private static int during(Report.FailedAttempt f, List<Fault.Outcome> outcomes, Duration grace, long runEnd) {
        for (int i = 0; i < outcomes.size(); i++) {
            Fault.Outcome o = outcomes.get(i);
            long end = (o.recovered() ? o.recoveredAt() : runEnd) + grace.toMillis();
            // an attempt sent just before the fault may be answered by it
            if (o.disruptsApi() && f.receivedAt() >= o.injectedAt() && f.sentAt() <= end) {
                return i;
            }
        }
        return -1;
    }
}
