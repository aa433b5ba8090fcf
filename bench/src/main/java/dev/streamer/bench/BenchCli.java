package dev.streamer.bench;

import dev.streamer.chaos.StackOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code bin/streamer bench}: see bench/README.md. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Measures Streamer on this machine in one run, each figure beside a baseline from the same run: "
                    + "ingest (edge-api vs its no-op route), the Flink job (vs its source+decode stage and a plain consumer), "
                    + "emotion (in the job vs a raw ONNX Runtime session), freshness at a fixed load (window end and post "
                    + "acceptance to the WebSocket) and the footprint (RSS of every part, time to ready). Starts the stack when "
                    + "none runs (and stops it after). Writes a Markdown report and an SVG chart under .streamer/bench/."
        })
public final class BenchCli implements Callable<Integer> {

    @Option(
            names = "--stages",
            split = ",",
            paramLabel = "STAGE",
            description = "which stages: freshness, ingest, job, emotion (default: all)")
    List<String> stages = List.of("freshness", "ingest", "job", "emotion");

    @Option(
            names = "--ingest-in-flight",
            defaultValue = "128",
            description = "requests in flight (default: ${DEFAULT-VALUE})")
    int inFlight;

    @Option(
            names = "--ingest-seconds",
            defaultValue = "30",
            description = "seconds measured per route in all, split into " + "the rounds (default: ${DEFAULT-VALUE})")
    int ingestSeconds;

    @Option(
            names = "--ingest-rounds",
            defaultValue = "3",
            description = "alternating rounds, each measuring both routes "
                    + "(no-op first in even rounds, posts first in odd ones) (default: ${DEFAULT-VALUE})")
    int ingestRounds;

    @Option(
            names = "--ingest-warm-up",
            defaultValue = "30",
            description = "seconds of unmeasured load on each route " + "before the rounds (default: ${DEFAULT-VALUE})")
    int ingestWarmUp;

    @Option(
            names = "--fresh-rate",
            defaultValue = "200",
            description = "events per second of the freshness load " + "(default: ${DEFAULT-VALUE})")
    double freshRate;

    @Option(
            names = "--fresh-seconds",
            defaultValue = "180",
            description = "seconds of freshness load (default: ${DEFAULT-VALUE})")
    int freshSeconds;

    @Option(
            names = "--fresh-warm-up",
            defaultValue = "120",
            description = "seconds of the same load before the freshness stage measures, unmeasured, once the machine "
                    + "has settled: a stack just started needs them (JIT under load, the emotion model's first posts) "
                    + "(default: ${DEFAULT-VALUE})")
    int freshWarmUp;

    @Option(
            names = "--job-events",
            defaultValue = "1000000",
            description = "events of the job benchmark (default: ${DEFAULT-VALUE})")
    int jobEvents;

    @Option(
            names = "--job-posts",
            defaultValue = "2000",
            description = "posts of its emotion-on run (default: ${DEFAULT-VALUE})")
    int jobPosts;

    @Option(names = "--keep-stack", description = "leave a stack it started running")
    boolean keepStack;

    @Mixin
    StackOptions stack;

    // What the benchmark runs beside the stack: bin/lib/bench.sh passes bin/streamer's own settings.
    @Option(names = "--edge-jar", required = true, hidden = true)
    Path edgeJar;

    @Option(names = "--jwt-private-key", required = true, hidden = true)
    Path jwtPrivate;

    @Option(names = "--jwt-public-key", required = true, hidden = true)
    Path jwtPublic;

    @Option(names = "--job-classpath", defaultValue = "", hidden = true)
    String jobClasspath;

    @Option(names = "--out-of-orderness", defaultValue = "5s", hidden = true)
    String outOfOrderness;

    @Override
    public Integer call() throws Exception {
        Set<String> chosen = new LinkedHashSet<>(stages);
        if (!Bench.STAGES.containsAll(chosen) || chosen.isEmpty()) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--stages takes " + Bench.STAGES);
        }
        if (ingestRounds < 1 || ingestSeconds < ingestRounds || ingestWarmUp < 0) {
            throw new CommandLine.ParameterException(
                    new CommandLine(this),
                    "--ingest-rounds must be at least 1, --ingest-seconds at least the rounds, --ingest-warm-up not negative");
        }
        Bench.Settings settings = new Bench.Settings(
                stack.endpoints(),
                stack.jobName(),
                chosen,
                edgeJar,
                jwtPrivate,
                jwtPublic,
                jobClasspath,
                inFlight,
                Duration.ofSeconds(ingestWarmUp),
                Duration.ofSeconds(ingestSeconds),
                ingestRounds,
                freshRate,
                Duration.ofSeconds(freshWarmUp),
                Duration.ofSeconds(freshSeconds),
                jobEvents,
                jobPosts,
                keepStack,
                Duration.parse("PT" + outOfOrderness.toUpperCase()));
        return new Bench(settings, System.out).run();
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchCli()).execute(args));
    }
}
