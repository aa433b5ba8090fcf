package dev.streamer.generator;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Outcomes and latencies of the requests that carry events (logins, logouts, posts, likes, comments, shares) in one
 * phase of a run. Uploads and feed polls are not counted. Thread-safe.
 */
public final class RequestStats {

    private final long startNanos = System.nanoTime();
    private final double targetRate;
    private final Map<String, Long> byStatus = new TreeMap<>();
    private long requests;
    private long accepted;
    private long retries;
    private long skipped;
    private long[] latenciesMicros = new long[1024];
    private int latencyCount;

    private long lastNanos = startNanos;
    private long lastRequests;
    private int lastLatencyIndex;

    public RequestStats(double targetRate) {
        this.targetRate = targetRate;
    }

    public synchronized void record(ApiResponse r, boolean accepted) {
        requests++;
        if (accepted) {
            this.accepted++;
        }
        byStatus.merge(r.statusLabel(), 1L, Long::sum);
        retries += r.attempts() - 1;
        if (latencyCount == latenciesMicros.length) {
            latenciesMicros = Arrays.copyOf(latenciesMicros, latencyCount * 2);
        }
        latenciesMicros[latencyCount++] = r.latencyNanos() / 1_000;
    }

    /** An operation that could not be planned (no idle user, nothing to interact with). */
    public synchronized void skipped() {
        skipped++;
    }

    public synchronized long requests() {
        return requests;
    }

    /**
     * e.g. {@code [  10s/60s] 1002 req  100.1/s (target 100/s)  accepted 998  errors 404=4  p50 3.2 ms  p99 12.9 ms
     * in flight 2}; rate and percentiles cover the time since the previous progress line.
     */
    public synchronized String progressLine(double totalSeconds, int inFlight) {
        long now = System.nanoTime();
        double interval = Math.max(1e-3, (now - lastNanos) / 1e9);
        double rate = (requests - lastRequests) / interval;
        long[] recent = Arrays.copyOfRange(latenciesMicros, lastLatencyIndex, latencyCount);
        lastNanos = now;
        lastRequests = requests;
        lastLatencyIndex = latencyCount;
        return String.format(
                Locale.ROOT,
                "[%4ds%s] %d req %7.1f/s%s  accepted %d  errors %s  p50 %s  p99 %s  in flight %d",
                Math.round((now - startNanos) / 1e9),
                totalSeconds > 0 ? String.format(Locale.ROOT, "/%ds", Math.round(totalSeconds)) : "",
                requests,
                rate,
                targetRate > 0 ? String.format(Locale.ROOT, " (target %s/s)", trim(targetRate)) : "",
                accepted,
                errors(),
                millis(percentile(recent, 0.50)),
                millis(percentile(recent, 0.99)),
                inFlight);
    }

    public synchronized Report.RequestSummary summary() {
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        long[] all = Arrays.copyOf(latenciesMicros, latencyCount);
        return new Report.RequestSummary(
                requests,
                accepted,
                new TreeMap<>(byStatus),
                retries,
                round(seconds),
                round(requests / Math.max(seconds, 1e-3)),
                targetRate,
                round(percentile(all, 0.50) / 1000.0),
                round(percentile(all, 0.99) / 1000.0),
                round(percentile(all, 1.0) / 1000.0),
                skipped);
    }

    /** The closing lines printed at the end of a run. */
    public static String summaryText(String mode, Report.RequestSummary s, Report report, String reportPath) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%s finished: %.1f s, %d requests (%.1f/s%s), %d accepted, %d retries, %d skipped%n",
                mode,
                s.seconds(),
                s.requests(),
                s.achievedRate(),
                s.targetRate() > 0 ? ", target " + trim(s.targetRate()) + "/s" : "",
                s.accepted(),
                s.retries(),
                s.skipped()));
        b.append("  by status: ");
        s.byStatus().forEach((k, v) -> b.append(k).append('=').append(v).append(' '));
        b.append(String.format(
                Locale.ROOT,
                "%n  latency: p50 %.1f ms, p99 %.1f ms, max %.1f ms%n",
                s.p50Millis(),
                s.p99Millis(),
                s.maxMillis()));
        Report.Truth t = report.truth();
        b.append("  accepted events: ")
                .append(t.acceptedEvents())
                .append(' ')
                .append(t.acceptedByType())
                .append('\n');
        long windows = t.windows().stream()
                .filter(w -> w.communityId().equals(dev.streamer.contract.Limits.ALL_COMMUNITIES))
                .count();
        b.append(String.format(
                Locale.ROOT,
                "  ground truth: %d windows (all communities), %d posts; sign-in/out windows %s%n",
                windows,
                t.posts().size(),
                t.signEventTiming().exact()
                        ? "exact"
                        : "approximate for " + t.signEventTiming().approximateEvents() + " events ("
                                + t.signEventTiming().clockViolations() + " clock violations)"));
        if (report.unfinishedRequests() > 0) {
            b.append("  WARNING: ")
                    .append(report.unfinishedRequests())
                    .append(" requests unanswered at exit; counts may be short\n");
        }
        if (t.uncertainEvents() > 0) {
            b.append("  WARNING: ")
                    .append(t.uncertainEvents())
                    .append(" requests answered 5xx or not at all may have produced events the report lacks\n");
        } else if (t.uncertainAttempts() > 0) {
            b.append("  ")
                    .append(t.uncertainAttempts())
                    .append(
                            " attempts answered 5xx or not at all were retried with their Idempotency-Key: counted once\n");
        }
        b.append("  report is ")
                .append(report.exact() ? "exact" : "NOT exact (see above)")
                .append('\n');
        b.append("  report: ").append(reportPath);
        return b.toString();
    }

    private String errors() {
        StringBuilder b = new StringBuilder();
        byStatus.forEach((status, n) -> {
            if (!status.startsWith("2")) {
                b.append(b.length() == 0 ? "" : " ").append(status).append('=').append(n);
            }
        });
        return b.length() == 0 ? "none" : b.toString();
    }

    private static long percentile(long[] values, double p) {
        if (values.length == 0) {
            return 0;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(p * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    private static String millis(long micros) {
        return String.format(Locale.ROOT, "%.1f ms", micros / 1000.0);
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
