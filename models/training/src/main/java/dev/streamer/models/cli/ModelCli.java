package dev.streamer.models.cli;

import dev.streamer.contract.Emotion;
import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionResult;
import dev.streamer.models.ModelConfig;
import dev.streamer.models.bench.ClassifierBenchmark;
import dev.streamer.models.train.BaseModel;
import dev.streamer.models.train.FineTuner;
import dev.streamer.models.train.GoEmotions;
import dev.streamer.models.train.Metrics;
import dev.streamer.models.train.ModelExport;
import dev.streamer.models.train.MultiLabelMetrics;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code bin/streamer model train|evaluate|classify|bench}. */
@Command(
        name = "model",
        mixinStandardHelpOptions = true,
        description = "Emotion model: fine-tune and export it, evaluate it, classify lines from stdin, benchmark.",
        subcommands = {ModelCli.Train.class, ModelCli.Evaluate.class, ModelCli.Classify.class, ClassifierBenchmark.class
        })
public final class ModelCli implements Runnable {

    public static void main(String[] args) {
        // This is the CLI's own JVM: DJL must never download or phone home, and PyTorch runs on a fixed thread
        // count (reproducible training). Explicit -D or environment values win.
        defaultProperty("ai.djl.offline", "true");
        defaultProperty("OPT_OUT_TRACKING", "true");
        defaultProperty("ai.djl.pytorch.num_interop_threads", "1");
        int code = new CommandLine(new ModelCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .execute(args);
        System.exit(code);
    }

    static void defaultProperty(String name, String value) {
        if (System.getProperty(name) == null && System.getenv(name) == null) {
            System.setProperty(name, value);
        }
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options shared by the subcommands. */
    static class Common {
        @Option(
                names = "--data",
                description = "GoEmotions folder (default: $STREAMER_DATA; bin/streamer sets it to data/goemotions)")
        Path data;

        @Option(names = "--model", description = "model folder written by `model train` (default: the shipped model)")
        Path model;

        @Option(
                names = "--threads",
                defaultValue = "2",
                description = "worker threads, one classifier each (default: ${DEFAULT-VALUE})")
        int threads;

        ModelConfig config() {
            return ModelConfig.defaults().withModelDir(model);
        }
    }

    @Command(
            name = "train",
            mixinStandardHelpOptions = true,
            description =
                    "Fine-tune MiniLM's top layers and a linear head on GoEmotions train (early stopping on dev), "
                            + "write the int8 encoder, head, tokenizer and model card, evaluate dev and test.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(
                names = "--fine-tune",
                description =
                        "train the top encoder layers with the head (default: only the head on the frozen encoder)")
        boolean fineTune;

        @Option(
                names = "--train-layers",
                description = "encoder layers to train, counted from the top (default: 3 with --fine-tune, else 0)")
        Integer trainLayers;

        @Option(
                names = "--out",
                description =
                        "output folder (default: models/inference/src/main/resources/dev/streamer/models/emotion under $STREAMER_ROOT)")
        Path out;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--epochs", defaultValue = "4", description = "maximum epochs (default: ${DEFAULT-VALUE})")
        int epochs;

        @Option(
                names = "--evals-per-epoch",
                defaultValue = "3",
                description = "dev checks per epoch (default: ${DEFAULT-VALUE})")
        int evalsPerEpoch;

        @Option(
                names = "--patience",
                defaultValue = "2",
                description =
                        "stop after this many dev checks without a better dev macro-F1 (default: ${DEFAULT-VALUE})")
        int patience;

        @Option(names = "--lr", defaultValue = "0.0001")
        float lr;

        @Option(names = "--weight-decay", defaultValue = "0.01")
        float weightDecay;

        @Option(
                names = "--warmup",
                defaultValue = "0.06",
                description = "warm-up fraction of all steps (default: ${DEFAULT-VALUE})")
        float warmup;

        @Option(names = "--batch", defaultValue = "32")
        int batch;

        @Option(names = "--dropout", defaultValue = "0.1")
        float dropout;

        @Option(names = "--max-tokens", defaultValue = "128")
        int maxTokens;

        @Option(
                names = "--limit",
                defaultValue = "0",
                description = "train on the first N rows only (smoke runs; 0: all)")
        int limit;

        @Option(
                names = "--eval-limit",
                defaultValue = "0",
                description = "evaluate the first N rows of dev and test only (smoke runs; 0: all)")
        int evalLimit;

        @Option(
                names = "--max-minutes",
                defaultValue = "0",
                description = "training time budget: stop at the first dev check after it and keep the best (0: none)")
        int maxMinutes;

        @Option(
                names = "--torch-threads",
                defaultValue = "1",
                description =
                        "PyTorch intra-op threads, part of the reproducibility contract (default: ${DEFAULT-VALUE}; on a shared machine a second thread spent 2.5x the CPU per row)")
        int torchThreads;

        @Override
        public Integer call() throws Exception {
            System.setProperty("ai.djl.pytorch.num_threads", Integer.toString(torchThreads));
            PrintStream log = System.out;
            int layers = trainLayers != null ? trainLayers : (fineTune ? 3 : 0);
            if (layers < 0 || layers > 6) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--train-layers must be 0..6");
            }
            Path outDir = out != null ? out : defaultModelDir();
            GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(common.data));
            Map<String, Object> dataCard = new LinkedHashMap<>();
            Map<String, String> hashes = new LinkedHashMap<>();
            Map<GoEmotions.Split, List<GoEmotions.Row>> rows = new LinkedHashMap<>();
            for (GoEmotions.Split split : GoEmotions.Split.values()) {
                List<GoEmotions.Row> r = data.rows(split);
                if (split != GoEmotions.Split.TRAIN && evalLimit > 0 && evalLimit < r.size()) {
                    r = r.subList(0, evalLimit);
                }
                rows.put(split, r);
                hashes.put(split.file(), GoEmotions.sha256(data.file(split)));
            }
            for (String f : List.of("emotions.txt", "ekman_mapping.json")) {
                hashes.put(f, GoEmotions.sha256(data.dir().resolve(f)));
            }
            dataCard.put("source", "GoEmotions (simplified split), data/goemotions, Apache-2.0");
            dataCard.put("sha256", hashes);
            dataCard.put("classes", "Ekman mapping (ekman_mapping.json) + neutral");

            FineTuner.Options opts = new FineTuner.Options(
                    seed,
                    layers,
                    epochs,
                    evalsPerEpoch,
                    patience,
                    lr,
                    weightDecay,
                    warmup,
                    batch,
                    dropout,
                    maxTokens,
                    limit,
                    maxMinutes);
            String load = loadAverage();
            long t0 = System.nanoTime();
            long cpu0 = FineTuner.cpuNanos();
            FineTuner.Result result = new FineTuner(opts, log)
                    .train(
                            rows.get(GoEmotions.Split.TRAIN),
                            rows.get(GoEmotions.Split.DEV),
                            rows.get(GoEmotions.Split.TEST));
            double wall = (System.nanoTime() - t0) / 1e9;
            double cpu = (FineTuner.cpuNanos() - cpu0) / 1e9;
            ModelExport.write(outDir, ModelExport.int8Encoder(result.layers()), result.head());
            Map<String, Object> card = new LinkedHashMap<>();
            card.put("name", "streamer-emotion");
            card.put("created", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            card.put(
                    "base",
                    "sentence-transformers all-MiniLM-L6-v2 (" + BaseModel.FLOAT.artifact() + ", "
                            + BaseModel.INT8.artifact() + ")");
            card.put("labels", Emotion.ALL.stream().map(Emotion::label).toList());
            card.put("maxTokens", maxTokens);
            card.put(
                    "pooling",
                    "mean over tokens, then linear head; single label = argmax(logits + offsets), "
                            + "scores = softmax(logits + offsets); multi-label = sigmoid(logits) >= 0.3");
            card.put("seed", seed);
            // written now so that the model loads for its evaluation; completed with the metrics below
            ModelExport.writeCard(outDir, card);

            Map<String, Object> recipe = new LinkedHashMap<>(opts.toMap());
            recipe.put("torch_threads", torchThreads);
            recipe.put("best_check", result.bestAt());
            recipe.put("epochs_run", result.epochsRun());
            recipe.put("history", result.history());
            recipe.put("single_label_offsets", result.head().offsets());
            recipe.put(
                    "export",
                    "int8 graph of " + BaseModel.INT8.artifact() + " with the trained layers' initializers "
                            + "replaced: MatMul weights per output channel, symmetric, 7-bit range [-64, 64], scale max|w|/64 "
                            + "(as that graph's own weights); biases and LayerNorm in float; activations quantised per tensor "
                            + "at run time (DynamicQuantizeLinear)");
            Map<String, Object> timing = new LinkedHashMap<>();
            timing.put("wall_seconds", Math.round(wall));
            timing.put("cpu_seconds", Math.round(cpu));
            timing.put("frozen_part_seconds", Math.round(result.cacheSeconds()));
            timing.put("training_seconds", Math.round(result.trainSeconds()));
            timing.put("load_average_at_start", load);
            timing.put("load_average_at_end", loadAverage());
            recipe.put("time", timing);

            float[] offsets = result.head().offsets();
            Map<String, Object> floatMetrics = new LinkedHashMap<>();
            floatMetrics.put(
                    "dev_single_label", result.dev().singleLabel(offsets).toMap());
            floatMetrics.put(
                    "test_single_label", result.test().singleLabel(offsets).toMap());
            floatMetrics.put("dev_multi_label", result.dev().multiLabel().toMap());
            floatMetrics.put("test_multi_label", result.test().multiLabel().toMap());
            recipe.put("float_pytorch_metrics", floatMetrics);

            log.printf("wrote %s; evaluating the exported int8 model with EmotionClassifier...%n", outDir);
            ModelConfig config = ModelConfig.defaults().withModelDir(outDir);
            Map<String, Object> dev = evaluate(config, rows.get(GoEmotions.Split.DEV), common.threads, log, "dev");
            Map<String, Object> test = evaluate(config, rows.get(GoEmotions.Split.TEST), common.threads, log, "test");

            card.put("recipe", recipe);
            card.put("data", dataCard);
            card.put("dev", dev);
            card.put("test", test);
            Map<String, Object> size = new LinkedHashMap<>();
            for (String f : List.of(
                    EmotionClassifier.ENCODER_FILE, EmotionClassifier.TOKENIZER_FILE, EmotionClassifier.HEAD_FILE)) {
                size.put(f, Files.size(outDir.resolve(f)));
            }
            card.put("files_bytes", size);
            ModelExport.writeCard(outDir, card);
            log.printf(
                    Locale.ROOT,
                    "training wall %.0f s, cpu %.0f s (load average %s at start, %s at end)%n",
                    wall,
                    cpu,
                    load,
                    loadAverage());
            log.printf("wrote %s%n", outDir.resolve(EmotionClassifier.CARD_FILE));
            return 0;
        }

        static Path defaultModelDir() {
            String root = System.getProperty("STREAMER_ROOT", System.getenv("STREAMER_ROOT"));
            if (root == null || root.isBlank()) {
                throw new IllegalStateException("STREAMER_ROOT not set: pass --out DIR");
            }
            return Paths.get(root, "models/inference/src/main/resources", EmotionClassifier.RESOURCE_DIR);
        }
    }

    /** Single-label and multi-label metrics of a model over rows, printed and returned for the card. */
    static Map<String, Object> evaluate(
            ModelConfig config, List<GoEmotions.Row> rows, int threads, PrintStream log, String name) throws Exception {
        long t0 = System.nanoTime();
        List<float[]> logits =
                logitsAll(config, rows.stream().map(GoEmotions.Row::text).toList(), threads);
        double seconds = (System.nanoTime() - t0) / 1e9;
        float[] offsets;
        try (EmotionClassifier c = EmotionClassifier.load(config)) {
            offsets = c.head().offsets();
        }
        Metrics single = new Metrics();
        MultiLabelMetrics multi = new MultiLabelMetrics();
        for (int i = 0; i < rows.size(); i++) {
            GoEmotions.Row r = rows.get(i);
            if (r.classes().size() == 1) {
                single.add(r.classes().iterator().next().ordinal(), FineTuner.argmax(logits.get(i), offsets));
            }
            multi.add(r.classes(), logits.get(i), MultiLabelMetrics.PAPER_THRESHOLD);
        }
        log.printf("== %s: single-label (the %d rows whose labels map to one class)%n", name, single.total());
        log.print(single.report());
        log.printf("== %s: multi-label (GoEmotions paper protocol)%n", name);
        log.print(multi.report());
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("single_label", single.toMap());
        m.put("multi_label", multi.toMap());
        m.put("seconds", Math.round(seconds * 10) / 10.0);
        return m;
    }

    @Command(
            name = "evaluate",
            mixinStandardHelpOptions = true,
            description =
                    "Classify a GoEmotions split with the full pipeline: single-label accuracy, macro_f1, per-class F1 "
                            + "and confusion matrix (rows whose labels map to one class), and the multi-label macro-F1 at 0.3.")
    static final class Evaluate implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--split", defaultValue = "test", description = "dev or test (default: ${DEFAULT-VALUE})")
        String split;

        @Option(names = "--limit", defaultValue = "0", description = "only the first N rows (0: all)")
        int limit;

        @Override
        public Integer call() throws Exception {
            GoEmotions.Split s = GoEmotions.Split.valueOf(split.toUpperCase(Locale.ROOT));
            if (s == GoEmotions.Split.TRAIN) {
                throw new CommandLine.ParameterException(new CommandLine(this), "--split must be dev or test");
            }
            GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(common.data));
            List<GoEmotions.Row> rows = data.rows(s);
            if (limit > 0 && limit < rows.size()) {
                rows = rows.subList(0, limit);
            }
            System.out.printf(
                    "split=%s file=%s rows=%d%n", s.name().toLowerCase(Locale.ROOT), data.file(s), rows.size());
            Map<String, Object> m = evaluate(
                    common.config(), rows, common.threads, System.out, s.name().toLowerCase(Locale.ROOT));
            System.out.printf(Locale.ROOT, "seconds=%.1f%n", (Double) m.get("seconds"));
            return 0;
        }
    }

    /** Raw logits of texts, one text per call, {@code threads} classifiers (one per thread). */
    public static List<float[]> logitsAll(ModelConfig config, List<String> texts, int threads) throws Exception {
        float[][] out = new float[texts.size()][];
        runAll(config, texts.size(), threads, (c, i) -> out[i] = c.logits(texts.get(i)));
        return List.of(out);
    }

    /** Labels of texts, one text per call, {@code threads} classifiers (one per thread). */
    public static List<Emotion> classifyAll(ModelConfig config, List<String> texts, int threads) throws Exception {
        Emotion[] out = new Emotion[texts.size()];
        runAll(
                config,
                texts.size(),
                threads,
                (c, i) -> out[i] = c.classify(texts.get(i)).label());
        return List.of(out);
    }

    private interface Work {
        void run(EmotionClassifier classifier, int index);
    }

    private static void runAll(ModelConfig config, int n, int threads, Work work) throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                futures.add(pool.submit(() -> {
                    try (EmotionClassifier classifier = EmotionClassifier.load(config)) {
                        int i;
                        while ((i = next.getAndIncrement()) < n) {
                            work.run(classifier, i);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
    }

    static String loadAverage() {
        try {
            return Files.readString(Paths.get("/proc/loadavg")).trim().split(" ")[0];
        } catch (Exception e) {
            return "unknown";
        }
    }

    @Command(
            name = "classify",
            mixinStandardHelpOptions = true,
            description = "Read lines on stdin, print label<TAB>score<TAB>text per line.")
    static final class Classify implements Callable<Integer> {
        @Option(names = "--model", description = "model folder (default: the shipped model)")
        Path model;

        @Option(names = "--scores", description = "also print all seven scores as label=score after the text")
        boolean scores;

        @Override
        public Integer call() throws Exception {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            try (EmotionClassifier classifier =
                            EmotionClassifier.load(ModelConfig.defaults().withModelDir(model));
                    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    EmotionResult r = classifier.classify(line);
                    out.print(r.label().label() + "\t" + String.format(Locale.ROOT, "%.4f", r.score()) + "\t" + line);
                    if (scores) {
                        for (Emotion e : Emotion.ALL) {
                            out.print(String.format(Locale.ROOT, "\t%s=%.4f", e.label(), r.score(e)));
                        }
                    }
                    out.print('\n');
                    out.flush();
                }
            }
            return 0;
        }
    }
}
