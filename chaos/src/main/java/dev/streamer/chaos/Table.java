package dev.streamer.chaos;

import dev.streamer.generator.Report;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** The chaos run's result as Markdown: one row per fault, then what was checked and what was found. */
final class Table {

    private static final int LISTED = 10;

    private Table() {}

    static String render(
            long runStart,
            List<Fault.Outcome> outcomes,
            List<Comparison> perFault,
            AnswerAudit.Verdict answers,
            Report report,
            Comparison total,
            List<String> liveDiffs,
            LiveObserver live,
            Optional<FlinkRest.JobView> job,
            long elapsedMillis,
            long seed) {
        StringBuilder b = new StringBuilder();
        b.append("| # | fault | at | recovered after | 503 or 429 answers | no answer | windows exact | note |\n");
        b.append("|---|---|---|---|---|---|---|---|\n");
        for (int i = 0; i < outcomes.size(); i++) {
            Fault.Outcome o = outcomes.get(i);
            long at = (o.injectedAt() - runStart) / 1000;
            b.append(String.format(
                    Locale.ROOT,
                    "| %d | %s | %d:%02d | %s | %d | %d | %s | %s |%n",
                    i + 1,
                    o.fault(),
                    at / 60,
                    at % 60,
                    o.recovered() ? String.format(Locale.ROOT, "%.1f s", o.secondsToRecover()) : "NOT RECOVERED",
                    answers.unavailable()[i],
                    answers.unanswered()[i],
                    perFault.get(i).exact() ? "yes" : "NO",
                    o.note()));
        }
        Report.Truth t = report.truth();
        b.append('\n');
        b.append(String.format(
                Locale.ROOT,
                "- run: %.1f min, seed %d; generator: %d requests at %.1f/s, %d accepted events %s, "
                        + "%d attempts retried with their Idempotency-Key; report %s%n",
                elapsedMillis / 60_000.0,
                seed,
                report.requests().requests(),
                report.requests().achievedRate(),
                t.acceptedEvents(),
                t.acceptedByType(),
                t.uncertainAttempts(),
                report.exact()
                        ? "exact"
                        : "NOT exact (" + t.uncertainEvents() + " uncertain events, " + report.unfinishedRequests()
                                + " unfinished requests)"));
        b.append(String.format(
                Locale.ROOT,
                "- MySQL against the ground truth: %d window rows (every community and all), "
                        + "%d posts with their post_likes and comments rows: **lost %d, doubled %d**, %d mismatches%n",
                total.windows(),
                total.posts(),
                total.lost(),
                total.doubled(),
                total.mismatches().size()));
        total.mismatches().stream()
                .limit(LISTED)
                .forEach(m -> b.append("  - ").append(m).append('\n'));
        long unavailable = sum(answers.unavailable());
        long unanswered = sum(answers.unanswered());
        b.append(String.format(
                Locale.ROOT,
                "- answers that were not 2xx: %d × 503 or 429 and %d without an answer, all during an "
                        + "outage; **%d unexplained**%s%n",
                unavailable,
                unanswered,
                answers.unexplained().size(),
                answers.notListed() > 0
                        ? " (" + answers.notListed() + " failed attempts not listed by the generator)"
                        : ""));
        answers.unexplained().stream()
                .limit(LISTED)
                .forEach(f -> b.append(String.format(
                        Locale.ROOT,
                        "  - %s %s at +%.1f s%n",
                        f.status(),
                        f.request(),
                        (f.receivedAt() - runStart) / 1000.0)));
        b.append(String.format(
                Locale.ROOT,
                "- WebSocket client (one socket per community and all, reconnecting by itself: "
                        + "%d connections opened, %d resyncs): last analytics record per community %s%n",
                live.opens(),
                live.resyncs(),
                liveDiffs.isEmpty() ? "equal to MySQL" : "DIFFERENT from MySQL"));
        liveDiffs.stream().limit(LISTED).forEach(d -> b.append("  - ").append(d).append('\n'));
        job.ifPresent(j -> b.append(String.format(
                Locale.ROOT, "- Flink job %s: %s, %d restarts in its life%n", j.jobId(), j.state(), j.restarts())));
        boolean exact = report.exact()
                && total.exact()
                && answers.clean()
                && liveDiffs.isEmpty()
                && outcomes.stream().allMatch(Fault.Outcome::recovered);
        b.append("- **exact: ").append(exact ? "yes" : "NO").append("**\n");
        return b.toString();
    }

    private static long sum(long[] values) {
        long s = 0;
        for (long v : values) {
            s += v;
        }
        return s;
    }
}
