package dev.streamer.generator;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every attempt of every request of a run, as a timeline: per second how many attempts got a 2xx and how many did
 * not, and the first {@value #MAX_FAILURES} attempts that did not (when, what, which status). A fault injected into
 * the stack shows here as the seconds it cost and the answers it gave. Thread-safe.
 */
final class AttemptRecord implements ApiClient.AttemptLog {

    static final int MAX_FAILURES = 20_000;

    private final Map<Long, long[]> perSecond = new TreeMap<>();
    private final List<Report.FailedAttempt> failures = new ArrayList<>();
    private long failuresNotListed;

    @Override
    public synchronized void attempt(String request, int status, long sentAt, long receivedAt) {
        boolean ok = status / 100 == 2;
        perSecond.computeIfAbsent(receivedAt / 1000, s -> new long[2])[ok ? 0 : 1]++;
        if (!ok) {
            if (failures.size() < MAX_FAILURES) {
                failures.add(new Report.FailedAttempt(
                        sentAt,
                        receivedAt,
                        status == ApiResponse.NO_RESPONSE ? "io" : String.valueOf(status),
                        request));
            } else {
                failuresNotListed++;
            }
        }
    }

    synchronized Report.Attempts snapshot() {
        List<Report.AttemptSecond> seconds = new ArrayList<>(perSecond.size());
        perSecond.forEach((second, n) -> seconds.add(new Report.AttemptSecond(second, n[0], n[1])));
        return new Report.Attempts(seconds, List.copyOf(failures), failuresNotListed);
    }
}
