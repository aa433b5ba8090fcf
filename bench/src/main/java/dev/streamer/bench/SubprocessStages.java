package dev.streamer.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The stages that run an existing benchmark program of the project in a JVM of its own and read its result lines:
 * the Flink job's ({@code JobBenchmark}: in-process broker, a fresh database, whole job vs source+decode vs plain
 * consumer, then emotion on) and the emotion model's ({@code bin/streamer model bench}: the classifier vs a raw ONNX
 * Runtime session, one core).
 */
final class SubprocessStages {

    record JobResult(
            double consumerPerSecond,
            double decodePerSecond,
            double jobPerSecond,
            double postsPerSecond,
            int parallelism) {
        double jobToDecode() {
            return jobPerSecond / decodePerSecond;
        }

        double jobToConsumer() {
            return jobPerSecond / consumerPerSecond;
        }
    }

    record EmotionResult(double classifierPerSecond, double rawPerSecond, boolean oneCore) {
        double ratio() {
            return classifierPerSecond / rawPerSecond;
        }
    }

    private SubprocessStages() {}

    static JobResult job(String classpath, int events, int posts, int parallelism, Path log, Bench.Say say)
            throws Exception {
        say.line(
                "job: JobBenchmark, %,d events and %,d posts, parallelism %d (log %s)",
                events, posts, parallelism, log);
        String out = run(
                List.of(
                        "java",
                        "-Xmx3g",
                        "-cp",
                        classpath,
                        "dev.streamer.flink.bench.JobBenchmark",
                        "--events",
                        String.valueOf(events),
                        "--posts",
                        String.valueOf(posts),
                        "--parallelism",
                        String.valueOf(parallelism)),
                log,
                30);
        JobResult r = new JobResult(
                number(out, "RESULT plain KafkaConsumer: ([0-9,.]+) events/s"),
                number(out, "RESULT Flink source and decoding only \\(parallelism \\d+\\): ([0-9,.]+) events/s"),
                number(out, "RESULT job \\(emotion off, parallelism \\d+\\): ([0-9,.]+) events/s"),
                posts > 0
                        ? number(out, "RESULT job \\(emotion on, parallelism \\d+\\): ([0-9,.]+) posts/s")
                        : Double.NaN,
                parallelism);
        say.line(
                "job: %,.0f events/s; source+decode %,.0f/s (ratio %.2f); plain consumer %,.0f/s (ratio %.2f); emotion on %,.0f posts/s",
                r.jobPerSecond(),
                r.decodePerSecond(),
                r.jobToDecode(),
                r.consumerPerSecond(),
                r.jobToConsumer(),
                r.postsPerSecond());
        return r;
    }

    static EmotionResult emotion(Path root, Path log, Bench.Say say) throws Exception {
        List<String> command = new ArrayList<>();
        boolean oneCore = Files.isExecutable(Path.of("/usr/bin/taskset"));
        if (oneCore) {
            command.addAll(List.of("taskset", "-c", "0"));
        }
        command.addAll(List.of(root.resolve("bin/streamer").toString(), "model", "bench"));
        say.line("emotion: %s (log %s)", String.join(" ", command), log);
        String out = run(command, log, 20);
        EmotionResult r = new EmotionResult(
                number(out, "classifier: posts_per_s=([0-9.]+)"),
                number(out, "raw_onnx: +posts_per_s=([0-9.]+)"),
                oneCore);
        say.line(
                "emotion: classifier %,.0f posts/s, raw ONNX Runtime session %,.0f posts/s, ratio %.2f%s",
                r.classifierPerSecond(), r.rawPerSecond(), r.ratio(), oneCore ? " (one core)" : "");
        return r;
    }

    private static String run(List<String> command, Path log, int minutes) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(minutes, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IllegalStateException(
                    command.get(0) + " did not finish within " + minutes + " minutes; see " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (exit " + p.exitValue() + "); see " + log);
        }
        return out;
    }

    static double number(String output, String regex) {
        Matcher m = Pattern.compile(regex).matcher(output);
        OptionalDouble last = OptionalDouble.empty();
        while (m.find()) {
            last = OptionalDouble.of(Double.parseDouble(m.group(1).replace(",", "")));
        }
        return last.orElseThrow(() -> new IllegalStateException("no line matching /" + regex + "/ in the output"));
    }

    static String format(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }
}
