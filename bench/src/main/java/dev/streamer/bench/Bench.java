package dev.streamer.bench;

import dev.streamer.chaos.Endpoints;
import dev.streamer.chaos.FlinkRest;
import dev.streamer.chaos.Stack;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code bin/streamer bench}: every stage in one run, on this machine, each against a baseline measured in the same run,
 * and a report (Markdown + SVG) under {@code .streamer/bench/}. Benchmarks are not tests: nothing here fails on a
 * figure; the report says which goals were met.
 */
final class Bench {

    /** Progress lines. */
    interface Say {
        void line(String format, Object... args);
    }

    /** What to run and how much. */
    record Settings(
            Endpoints endpoints,
            String jobName,
            Set<String> stages,
            Path edgeJar,
            Path jwtPrivate,
            Path jwtPublic,
            String jobClasspath,
            int ingestInFlight,
            Duration ingestWarmUp,
            Duration ingestMeasure,
            int ingestRounds,
            double freshRate,
            Duration freshWarmUp,
            Duration freshLoad,
            int jobEvents,
            int jobPosts,
            boolean keepStack,
            Duration outOfOrderness) {}

    static final Set<String> STAGES = Set.of("ingest", "job", "emotion", "freshness");

    private final Settings s;
    private final PrintStream out;
    private final Path dir;
    private final Stack stack;

    Bench(Settings settings, PrintStream out) throws Exception {
        this.s = settings;
        this.out = out;
        this.dir = Files.createDirectories(settings.endpoints().home().resolve("bench"));
        this.stack = new Stack(settings.endpoints(), dir.resolve("stack.log"));
    }

    int run() throws Exception {
        Say say = (format, args) -> {
            out.printf("bench: " + format + "%n", args);
            out.flush();
        };
        ZonedDateTime when = ZonedDateTime.now(ZoneOffset.UTC);
        String stamp = when.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        BenchReport report = new BenchReport(when, Runtime.getRuntime().availableProcessors(), loadAverage());
        FlinkRest flink = new FlinkRest(s.endpoints().flink(), s.jobName());
        boolean started = false;
        boolean needsStack = s.stages().contains("ingest") || s.stages().contains("freshness");
        if (needsStack && !(flink.job().filter(FlinkRest.JobView::running).isPresent() && stack.servicesHealthy())) {
            // a stack that is only slow to answer is someone's running stack: up leaves it as it is, and so does down
            boolean partsRunning = Footprint.PARTS.stream()
                    .anyMatch(part -> stack.process(part).isPresent());
            say.line("starting the stack: bin/streamer up --no-generator");
            Stack.Result up = stack.streamer(Duration.ofMinutes(20), "up", "--no-generator");
            if (!up.ok()) {
                throw new IllegalStateException("bin/streamer up failed:\n" + up.tail());
            }
            started = !partsRunning;
            report.startup(up.took(), readySeconds(up.tail()));
            say.line("stack ready: bin/streamer up took %.0f s", up.took().toMillis() / 1000.0);
        } else if (needsStack) {
            say.line("using the running stack (its start-up time is not measured: stop it to have it measured)");
        }
        try {
            Footprint footprint = new Footprint(stack);
            if (s.stages().contains("freshness")) {
                report.freshnessSettle(settle("freshness", say));
                report.freshness(
                        new FreshnessStage(s.endpoints(), say, dir.resolve("freshness-posts-" + stamp + ".csv"))
                                .run(
                                        s.freshRate(),
                                        s.freshWarmUp(),
                                        s.freshLoad(),
                                        s.outOfOrderness(),
                                        footprint::sample),
                        s.outOfOrderness(),
                        s.freshWarmUp());
                report.footprint(footprint.peakMb(), footprint.peakTotalMb());
            }
            if (s.stages().contains("ingest")) {
                settle("ingest", say);
                ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
                sampler.scheduleAtFixedRate(footprint::sample, 0, 2, TimeUnit.SECONDS);
                try {
                    report.ingest(new IngestStage(
                                    s.endpoints(),
                                    s.edgeJar(),
                                    s.jwtPrivate(),
                                    s.jwtPublic(),
                                    dir.resolve("ingest-edge-api-" + stamp + ".log"),
                                    say)
                            .run(s.ingestInFlight(), s.ingestWarmUp(), s.ingestMeasure(), s.ingestRounds()));
                } finally {
                    sampler.shutdownNow();
                }
            }
        } finally {
            if (started && !s.keepStack()) {
                say.line("stopping the stack it started: bin/streamer down");
                stack.streamer(Duration.ofMinutes(5), "down");
            }
        }
        if (s.stages().contains("job")) {
            report.job(SubprocessStages.job(
                    s.jobClasspath(), s.jobEvents(), s.jobPosts(), 2, dir.resolve("job-" + stamp + ".log"), say));
        }
        if (s.stages().contains("emotion")) {
            report.emotion(
                    SubprocessStages.emotion(s.endpoints().root(), dir.resolve("emotion-" + stamp + ".log"), say));
        }
        Path md = dir.resolve("bench-" + stamp + ".md");
        Path svg = dir.resolve("bench-" + stamp + ".svg");
        Files.writeString(svg, report.svg(), StandardCharsets.UTF_8);
        Files.writeString(md, report.markdown(svg.getFileName().toString()), StandardCharsets.UTF_8);
        out.println();
        out.println(report.markdown(svg.getFileName().toString()));
        say.line("report: %s (chart %s)", md, svg);
        return 0;
    }

    private static int readySeconds(String upOutput) {
        Matcher m = Pattern.compile("stack ready in (\\d+) s").matcher(upOutput);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    /** Waits for a mostly idle machine before a stage measures, and says how long that took. */
    private static MachineSettle.Result settle(String stage, Say say) throws Exception {
        MachineSettle.Result r = MachineSettle.ofThisMachine().await();
        if (r.settled()) {
            say.line(
                    "%s: the machine settled (%.0f %% busy over 5 s) after %d s",
                    stage, r.busy() * 100, r.waited().toSeconds());
        } else {
            say.line(
                    "%s: the machine was still %.0f %% busy after %d s; measuring anyway",
                    stage, r.busy() * 100, r.waited().toSeconds());
        }
        return r;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (Exception e) {
            return "?";
        }
    }
}
