package dev.streamer.bench;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The benchmark's figures, side by side with their baselines and goals, as Markdown and as an SVG chart. */
final class BenchReport {

    /** The goals of the issue that asked for this benchmark, on this machine. */
    static final double INGEST_RATIO_GOAL = 0.6;

    static final double POST_P99_GOAL_MS = 1_000;
    static final long STACK_RSS_GOAL_MB = 2_560;

    private final ZonedDateTime when;
    private final int cpus;
    private final String loadBefore;
    private Duration upTook;
    private int readySeconds = -1;
    private IngestStage.Result ingest;
    private SubprocessStages.JobResult job;
    private SubprocessStages.EmotionResult emotion;
    private FreshnessStage.Result freshness;
    private Duration freshWarmUp;
    private MachineSettle.Result freshSettle;
    private Duration outOfOrderness;
    private Map<String, Long> rssMb;
    private long rssTotalMb;

    BenchReport(ZonedDateTime when, int cpus, String loadBefore) {
        this.when = when;
        this.cpus = cpus;
        this.loadBefore = loadBefore;
    }

    void startup(Duration took, int ready) {
        this.upTook = took;
        this.readySeconds = ready;
    }

    void ingest(IngestStage.Result r) {
        this.ingest = r;
    }

    void job(SubprocessStages.JobResult r) {
        this.job = r;
    }

    void emotion(SubprocessStages.EmotionResult r) {
        this.emotion = r;
    }

    void freshness(FreshnessStage.Result r, Duration bound, Duration warmUp) {
        this.freshness = r;
        this.outOfOrderness = bound;
        this.freshWarmUp = warmUp;
    }

    void freshnessSettle(MachineSettle.Result r) {
        this.freshSettle = r;
    }

    void footprint(Map<String, Long> peakMb, long totalMb) {
        this.rssMb = peakMb;
        this.rssTotalMb = totalMb;
    }

    String markdown(String chart) {
        StringBuilder b = new StringBuilder();
        b.append("## Benchmark, ")
                .append(when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append("\n\n");
        b.append(String.format(
                Locale.ROOT,
                "`bin/streamer bench` on %d CPUs, load average %s before it started. Every ratio "
                        + "is against a baseline measured in the same run.%n%n",
                cpus,
                loadBefore));
        b.append("| stage | measured | baseline (same run) | ratio | goal | met |\n|---|---|---|---|---|---|\n");
        if (ingest != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "| ingest: edge-api accepted posts/s (%d in flight, %d s per route in %d "
                            + "alternating rounds after a warm-up of both) | %,.0f/s (%s; edge-api %.0f µs CPU per request) "
                            + "| no-op route %,.0f/s (%s; %.0f µs CPU per request) | %.2f "
                            + "(rounds %.2f–%.2f) | ≥ %.1f | %s |%n",
                    ingest.inFlight(),
                    ingest.measured().toSeconds(),
                    ingest.rounds().rounds().size(),
                    ingest.posts().perSecond(),
                    ingest.posts().latencies().summary(),
                    ingest.posts().serverCpuMicrosPerRequest(),
                    ingest.noop().perSecond(),
                    ingest.noop().latencies().summary(),
                    ingest.noop().serverCpuMicrosPerRequest(),
                    ingest.ratio(),
                    ingest.rounds().lowestRoundRatio(),
                    ingest.rounds().highestRoundRatio(),
                    INGEST_RATIO_GOAL,
                    yes(ingest.ratio() >= INGEST_RATIO_GOAL)));
        }
        if (job != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "| job: whole job, emotion off, parallelism %d | %,.0f events/s | source+decode "
                            + "%,.0f/s; plain consumer %,.0f/s | %.2f; %.2f | — | — |%n",
                    job.parallelism(),
                    job.jobPerSecond(),
                    job.decodePerSecond(),
                    job.consumerPerSecond(),
                    job.jobToDecode(),
                    job.jobToConsumer()));
        }
        if (job != null || emotion != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "| emotion: in the job (parallelism 2) | %s posts/s | raw ONNX Runtime session "
                            + "%s posts/s%s; the classifier alone %s posts/s | %s | — | — |%n",
                    job == null ? "—" : String.format(Locale.ROOT, "%,.0f", job.postsPerSecond()),
                    emotion == null ? "—" : String.format(Locale.ROOT, "%,.0f", emotion.rawPerSecond()),
                    emotion != null && emotion.oneCore() ? " (one core)" : "",
                    emotion == null ? "—" : String.format(Locale.ROOT, "%,.0f", emotion.classifierPerSecond()),
                    job == null || emotion == null
                            ? "—"
                            : String.format(Locale.ROOT, "%.2f", job.postsPerSecond() / emotion.rawPerSecond())));
        }
        if (freshness != null) {
            double windowGoal = outOfOrderness.toMillis() + 1_000;
            b.append(String.format(
                    Locale.ROOT,
                    "| freshness at %s events/s for %d s (after a %d s warm-up): window end → analytics message on a "
                            + "WebSocket | %s | — | — | p99 ≤ %.0f s | %s |%n",
                    trim(freshness.rate()),
                    freshness.load().toSeconds(),
                    freshWarmUp.toSeconds(),
                    freshness.windowToSocket().summary(),
                    windowGoal / 1000,
                    yes(freshness.windowToSocket().p99() <= windowGoal)));
            b.append(String.format(
                    Locale.ROOT,
                    "| freshness: post accepted (202) → enriched post on the WebSocket | %s%s | — "
                            + "| — | p99 ≤ %.0f s | %s |%n",
                    freshness.postToSocket().summary(),
                    freshness.missing().total() > 0 ? ", " + freshness.missing().total() + " never arrived" : "",
                    POST_P99_GOAL_MS / 1000,
                    yes(freshness.missing().total() == 0
                            && freshness.postToSocket().p99() <= POST_P99_GOAL_MS)));
        }
        if (rssMb != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "| footprint: whole stack, peak RSS under load | %,d MB | — | — | ≤ %,d MB | %s |%n",
                    rssTotalMb,
                    STACK_RSS_GOAL_MB,
                    yes(rssTotalMb <= STACK_RSS_GOAL_MB)));
        }
        if (upTook != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "| start: `bin/streamer up` to ready | %.0f s (%s) | — | — | — | — |%n",
                    upTook.toMillis() / 1000.0,
                    readySeconds >= 0
                            ? "parts ready in " + readySeconds + " s after the build check"
                            : "as printed by up"));
        }
        if (rssMb != null && !rssMb.isEmpty()) {
            b.append("\nPeak RSS per part: ");
            List<String> parts = new ArrayList<>();
            rssMb.forEach((part, mb) -> parts.add(part + " " + mb + " MB"));
            b.append(String.join(", ", parts)).append(".\n");
        }
        if (freshness != null) {
            b.append(String.format(
                    Locale.ROOT,
                    "%nFreshness load: %,d events sent, %d failed; %d window results and %d posts " + "timed.%n",
                    freshness.events(),
                    freshness.failures(),
                    freshness.windows(),
                    freshness.posts()));
            if (freshSettle != null) {
                b.append(String.format(
                        Locale.ROOT,
                        freshSettle.settled()
                                ? "Before its warm-up the stage waited %d s for the machine to settle (%.0f %% of the "
                                        + "CPUs busy over 5 s).%n"
                                : "Before its warm-up the stage waited %d s for the machine to settle; it was still "
                                        + "%.0f %% busy, so this freshness figure measured a busy machine.%n",
                        freshSettle.waited().toSeconds(),
                        freshSettle.busy() * 100));
            }
            FreshnessStage.Hops h = freshness.hops();
            b.append(String.format(
                    Locale.ROOT,
                    "%nPost → socket by hop (each post's first feed record, read by a plain "
                            + "consumer beside the socket):%n%n| hop | latency |%n|---|---|%n"
                            + "| edge-api: event made → 202 at the client | %s |%n"
                            + "| job: event made → its first feed record written | %s |%n"
                            + "| Kafka: feed record written → read by a plain consumer | %s |%n"
                            + "| live-push: read by a plain consumer → on the socket | %s |%n",
                    h.accepted().summary(),
                    h.job().summary(),
                    h.kafka().summary(),
                    h.livePush().summary()));
            FreshnessStage.Missing m = freshness.missing();
            if (m.total() > 0) {
                b.append(String.format(
                        Locale.ROOT,
                        "%n%d accepted posts never reached the socket within %d s after the load: "
                                + "%d of them were on the feed topic, %d in MySQL.%n",
                        m.total(),
                        FreshnessStage.POST_GRACE.toSeconds(),
                        m.onFeedTopic(),
                        m.inMysql()));
            }
            if (freshness.socketEnd() != null || freshness.resyncs() > 0) {
                b.append(String.format(
                        Locale.ROOT,
                        "%nThe dashboard socket %s; %d resyncs.%n",
                        freshness.socketEnd() == null
                                ? "stayed open"
                                : "was closed by the server: " + freshness.socketEnd(),
                        freshness.resyncs()));
            }
        }
        b.append("\n![benchmark chart](").append(chart).append(")\n");
        return b.toString();
    }

    /** Three panels of horizontal bars: ratios to the baselines, freshness percentiles, RSS per part. */
    String svg() {
        List<String[]> ratios = new ArrayList<>();
        if (ingest != null) {
            ratios.add(new String[] {"ingest: posts / no-op", fmt(ingest.ratio())});
        }
        if (job != null) {
            ratios.add(new String[] {"job / source+decode", fmt(job.jobToDecode())});
            ratios.add(new String[] {"job / plain consumer", fmt(job.jobToConsumer())});
        }
        if (job != null && emotion != null) {
            ratios.add(new String[] {"emotion in job / raw ONNX", fmt(job.postsPerSecond() / emotion.rawPerSecond())});
        }
        List<String[]> latency = new ArrayList<>();
        if (freshness != null) {
            Latencies w = freshness.windowToSocket();
            Latencies p = freshness.postToSocket();
            latency.add(new String[] {"window end → socket p50", fmt(w.p50())});
            latency.add(new String[] {"window end → socket p99", fmt(w.p99())});
            latency.add(new String[] {"window end → socket max", fmt(w.max())});
            latency.add(new String[] {"post → socket p50", fmt(p.p50())});
            latency.add(new String[] {"post → socket p99", fmt(p.p99())});
            latency.add(new String[] {"post → socket max", fmt(p.max())});
        }
        List<String[]> memory = new ArrayList<>();
        if (rssMb != null) {
            rssMb.forEach((part, mb) -> memory.add(new String[] {part + " RSS", String.valueOf(mb)}));
        }
        StringBuilder body = new StringBuilder();
        int y = 30;
        y = panel(body, y, "Ratio to the baseline measured in the same run", ratios, 1.0, "");
        y = panel(body, y, "Freshness (ms)", latency, max(latency), " ms");
        y = panel(body, y, "Peak RSS under load (MB)", memory, max(memory), " MB");
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"760\" height=\"" + (y + 10)
                + "\" font-family=\"sans-serif\" font-size=\"12\">\n<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
                + "<text x=\"10\" y=\"18\" font-size=\"14\" font-weight=\"bold\">Streamer benchmark, "
                + when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")) + "</text>\n" + body + "</svg>\n";
    }

    private static int panel(StringBuilder b, int y, String title, List<String[]> bars, double scale, String unit) {
        if (bars.isEmpty()) {
            return y;
        }
        b.append(String.format(
                Locale.ROOT, "<text x=\"10\" y=\"%d\" font-weight=\"bold\">%s</text>%n", y + 14, esc(title)));
        y += 22;
        for (String[] bar : bars) {
            double v = Double.parseDouble(bar[1]);
            double width = scale > 0 && !Double.isNaN(v) ? Math.max(1, 380 * Math.min(1.5, v / scale)) : 1;
            b.append(String.format(Locale.ROOT, "<text x=\"10\" y=\"%d\">%s</text>%n", y + 12, esc(bar[0])));
            b.append(String.format(
                    Locale.ROOT,
                    "<rect x=\"220\" y=\"%d\" width=\"%.0f\" height=\"14\" fill=\"#4a7bd1\"/>%n",
                    y,
                    width));
            b.append(String.format(
                    Locale.ROOT, "<text x=\"%.0f\" y=\"%d\">%s%s</text>%n", 226 + width, y + 12, bar[1], unit));
            y += 20;
        }
        return y + 8;
    }

    private static double max(List<String[]> bars) {
        return bars.stream()
                .mapToDouble(b -> Double.parseDouble(b[1]))
                .filter(d -> !Double.isNaN(d))
                .max()
                .orElse(1);
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "NaN" : String.format(Locale.ROOT, v < 10 ? "%.2f" : "%.0f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String yes(boolean met) {
        return met ? "yes" : "**no**";
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
