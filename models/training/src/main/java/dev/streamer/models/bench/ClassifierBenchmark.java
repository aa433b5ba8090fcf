package dev.streamer.models.bench;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.streamer.models.BertTokenizer;
import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.ModelConfig;
import dev.streamer.models.train.GoEmotions;
import java.lang.management.ManagementFactory;
import java.nio.LongBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Throughput of {@link EmotionClassifier} against a raw ONNX Runtime session, in one run, on the same texts
 * (GoEmotions dev), one text per call, on one thread with one intra-op thread and spinning off; both sides run
 * the same encoder file (the shipped one, or {@code --model}).
 *
 * <p>The raw side does what any caller of the bare model must do: tokenize with the same WordPiece tokenizer
 * settings, build the three input tensors and run the session; it skips pooling and the head. The two sides
 * alternate over several rounds so that JIT and frequency effects hit both. CPU time is the process CPU time
 * (all threads, GC and JIT included) divided by the posts. Peak RSS is {@code VmHWM} of {@code /proc/self/status}.
 *
 * <p>Run: {@code bin/streamer model bench} (or {@code taskset -c 0 bin/streamer model bench} to pin one core).
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description =
                "Benchmark EmotionClassifier against a raw ONNX Runtime session (posts/s, CPU-ms/post, ratio, peak RSS).")
public final class ClassifierBenchmark implements Callable<Integer> {

    @Option(names = "--data", description = "GoEmotions folder (texts of dev.tsv are used)")
    Path data;

    @Option(names = "--model", description = "model folder (default: the shipped model)")
    Path model;

    @Option(names = "--texts", defaultValue = "2000", description = "texts per round (default: ${DEFAULT-VALUE})")
    int texts;

    @Option(
            names = "--rounds",
            defaultValue = "3",
            description = "alternating rounds per side (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--record", description = "also write the figures into the model-card.json of --model (key speed)")
    boolean record;

    @Option(
            names = "--warmup",
            defaultValue = "500",
            description = "warm-up calls per side (default: ${DEFAULT-VALUE})")
    int warmup;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ClassifierBenchmark()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        ModelConfig config = ModelConfig.defaults().withModelDir(model);
        GoEmotions ge = GoEmotions.open(GoEmotions.resolveDir(data));
        List<String> all = ge.load(GoEmotions.Split.DEV).examples().stream()
                .map(GoEmotions.Example::text)
                .toList();
        List<String> sample = all.subList(0, Math.min(texts, all.size()));
        System.out.printf(
                Locale.ROOT,
                "texts=%d rounds=%d warmup=%d cpus_available=%d%n",
                sample.size(),
                rounds,
                warmup,
                Runtime.getRuntime().availableProcessors());

        long rssBefore = rssKb("VmRSS");
        try (EmotionClassifier classifier = EmotionClassifier.load(config);
                RawSession raw = new RawSession(model, classifier.card().maxTokens())) {
            long rssLoaded = rssKb("VmRSS");
            for (int i = 0; i < warmup; i++) {
                String t = sample.get(i % sample.size());
                classifier.classify(t);
                raw.run(t);
            }
            // The sides alternate every CHUNK texts, so that load from other processes hits both alike.
            long[] cls = new long[3];
            long[] rawT = new long[3];
            for (int r = 0; r < rounds; r++) {
                long[] a0 = cls.clone();
                long[] b0 = rawT.clone();
                for (int from = 0; from < sample.size(); from += CHUNK) {
                    List<String> chunk = sample.subList(from, Math.min(sample.size(), from + CHUNK));
                    add(cls, measure(() -> chunk.forEach(classifier::classify)));
                    add(rawT, measure(() -> chunk.forEach(raw::run)));
                }
                System.out.printf(
                        Locale.ROOT,
                        "round %d: classifier %.0f posts/s, raw onnx %.0f posts/s%n",
                        r + 1,
                        sample.size() / ((cls[0] - a0[0]) / 1e9),
                        sample.size() / ((rawT[0] - b0[0]) / 1e9));
            }
            double n = (double) sample.size() * rounds;
            double clsRate = n / (cls[0] / 1e9);
            double rawRate = n / (rawT[0] / 1e9);
            System.out.printf(
                    Locale.ROOT,
                    "classifier: posts_per_s=%.1f cpu_ms_per_post=%.3f (calling thread %.3f)%n",
                    clsRate,
                    cls[1] / 1e6 / n,
                    cls[2] / 1e6 / n);
            System.out.printf(
                    Locale.ROOT,
                    "raw_onnx:   posts_per_s=%.1f cpu_ms_per_post=%.3f (calling thread %.3f)%n",
                    rawRate,
                    rawT[1] / 1e6 / n,
                    rawT[2] / 1e6 / n);
            System.out.printf(
                    Locale.ROOT,
                    "ratio_posts_per_s=%.3f ratio_cpu=%.3f (classifier vs raw; cpu ratio = raw cpu / classifier cpu)%n",
                    clsRate / rawRate,
                    (double) rawT[1] / cls[1]);
            System.out.printf(
                    Locale.ROOT,
                    "rss_mb: before_load=%.0f after_load=%.0f peak=%.0f%n",
                    rssBefore / 1024.0,
                    rssLoaded / 1024.0,
                    rssKb("VmHWM") / 1024.0);
            if (record) {
                if (model == null) {
                    throw new CommandLine.ParameterException(new CommandLine(this), "--record needs --model DIR");
                }
                Map<String, Object> speed = new java.util.LinkedHashMap<>();
                speed.put("measured", java.time.ZonedDateTime.now().toString());
                speed.put(
                        "how",
                        "bin/streamer model bench: one text per call, one intra-op thread, same texts (dev), "
                                + "classifier and raw ONNX Runtime session alternating; CPUs available "
                                + Runtime.getRuntime().availableProcessors());
                speed.put(
                        "load_average",
                        Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0]);
                speed.put("classifier_posts_per_s", Math.round(clsRate));
                speed.put("classifier_cpu_ms_per_post", Math.round(cls[1] / 1e3 / n) / 1000.0);
                speed.put("raw_onnx_posts_per_s", Math.round(rawRate));
                speed.put("raw_onnx_cpu_ms_per_post", Math.round(rawT[1] / 1e3 / n) / 1000.0);
                speed.put("ratio_posts_per_s", Math.round(clsRate / rawRate * 1000) / 1000.0);
                speed.put("rss_mb_loaded", Math.round(rssLoaded / 1024.0));
                Path card = model.resolve(EmotionClassifier.CARD_FILE);
                var json = new com.fasterxml.jackson.databind.ObjectMapper()
                        .enable(com.fasterxml.jackson.databind.SerializationFeature.INDENT_OUTPUT);
                var node = (com.fasterxml.jackson.databind.node.ObjectNode) json.readTree(card.toFile());
                node.set("speed", json.valueToTree(speed));
                json.writeValue(card.toFile(), node);
                System.out.println("recorded in " + card);
            }
        }
        return 0;
    }

    private static final int CHUNK = 100;

    private static void add(long[] total, long[] delta) {
        for (int i = 0; i < total.length; i++) {
            total[i] += delta[i];
        }
    }

    /** Wall, process CPU and calling-thread CPU nanoseconds of a run. */
    private static long[] measure(Runnable r) {
        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        var threads = ManagementFactory.getThreadMXBean();
        long cpu0 = os.getProcessCpuTime();
        long th0 = threads.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r.run();
        long t1 = System.nanoTime();
        long th1 = threads.getCurrentThreadCpuTime();
        long cpu1 = os.getProcessCpuTime();
        return new long[] {t1 - t0, cpu1 - cpu0, th1 - th0};
    }

    static long rssKb(String field) {
        try {
            for (String line : Files.readAllLines(Paths.get("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (Exception ignored) {
            // not Linux
        }
        return -1;
    }

    /** The bare model: same tokenizer, plain OrtSession, one intra-op thread, spinning off. */
    static final class RawSession implements AutoCloseable {
        private final OrtEnvironment env = OrtEnvironment.getEnvironment();
        private final OrtSession session;
        private final BertTokenizer tokenizer;
        float sink;

        RawSession(Path dir, int maxTokens) throws Exception {
            try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
                options.setIntraOpNumThreads(1);
                options.setInterOpNumThreads(1);
                options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
                session = env.createSession(file(dir, EmotionClassifier.ENCODER_FILE), options);
            }
            tokenizer = BertTokenizer.read(
                    new java.io.ByteArrayInputStream(file(dir, EmotionClassifier.TOKENIZER_FILE)), maxTokens);
        }

        void run(String text) {
            long[] ids = tokenizer.encode(text);
            long[] shape = {1, ids.length};
            long[] mask = new long[ids.length];
            java.util.Arrays.fill(mask, 1L);
            Map<String, OnnxTensor> inputs = new HashMap<>();
            try {
                inputs.put("input_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(ids), shape));
                inputs.put("attention_mask", OnnxTensor.createTensor(env, LongBuffer.wrap(mask), shape));
                inputs.put(
                        "token_type_ids", OnnxTensor.createTensor(env, LongBuffer.wrap(new long[ids.length]), shape));
                try (OrtSession.Result result = session.run(inputs)) {
                    // read the token embeddings, as any user of the session must
                    sink += ((OnnxTensor) result.get(0)).getFloatBuffer().get(0);
                }
            } catch (ai.onnxruntime.OrtException ex) {
                throw new IllegalStateException(ex);
            } finally {
                inputs.values().forEach(OnnxTensor::close);
            }
        }

        static byte[] file(Path dir, String name) throws java.io.IOException {
            if (dir != null) {
                return Files.readAllBytes(dir.resolve(name));
            }
            try (var in =
                    RawSession.class.getClassLoader().getResourceAsStream(EmotionClassifier.RESOURCE_DIR + name)) {
                if (in == null) {
                    throw new IllegalStateException(name + " not on the classpath");
                }
                return in.readAllBytes();
            }
        }

        @Override
        public void close() throws Exception {
            session.close();
        }
    }
}
