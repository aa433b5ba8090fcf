package dev.streamer.models.cli;

import dev.streamer.contract.Emotion;
import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionResult;
import dev.streamer.models.EncoderKind;
import dev.streamer.models.HeadCard;
import dev.streamer.models.MlpHead;
import dev.streamer.models.ModelConfig;
import dev.streamer.models.ModelEnvironment;
import dev.streamer.models.bench.ClassifierBenchmark;
import dev.streamer.models.train.EmbeddingCache;
import dev.streamer.models.train.GoEmotions;
import dev.streamer.models.train.HeadTrainer;
import dev.streamer.models.train.Metrics;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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

/** {@code bin/streamer model train|evaluate|classify|bench}. */
@Command(name = "model", mixinStandardHelpOptions = true,
        description = "Emotion model: train the head, evaluate it, classify lines from stdin, benchmark.",
        subcommands = {ModelCli.Train.class, ModelCli.Evaluate.class, ModelCli.Classify.class,
                ClassifierBenchmark.class})
public final class ModelCli implements Runnable {

    public static void main(String[] args) {
        int code = new CommandLine(new ModelCli()).setCaseInsensitiveEnumValuesAllowed(true).execute(args);
        System.exit(code);
    }

    @Override
    public void run() {
        new CommandLine(this).usage(System.out);
    }

    /** Options shared by the subcommands. */
    static class Common {
        @Option(names = "--data", description = "GoEmotions folder (default: $STREAMER_DATA; bin/streamer sets it to data/goemotions)")
        Path data;

        @Option(names = "--head", description = "head folder with emotion-head.params and model-card.json (default: the shipped head)")
        Path head;

        @Option(names = "--threads", defaultValue = "2", description = "worker threads, one classifier each (default: ${DEFAULT-VALUE})")
        int threads;

        ModelConfig config() {
            return ModelConfig.defaults().withHeadDir(head);
        }
    }

    static List<String> texts(List<GoEmotions.Example> examples) {
        return examples.stream().map(GoEmotions.Example::text).toList();
    }

    static int[] labels(List<GoEmotions.Example> examples) {
        return examples.stream().mapToInt(e -> e.label().ordinal()).toArray();
    }

    @Command(name = "train", mixinStandardHelpOptions = true,
            description = "Train the head on GoEmotions train, select the epoch by dev macro-F1, write the head and its model card.")
    static final class Train implements Callable<Integer> {
        @CommandLine.Mixin
        Common common = new Common();

        @Option(names = "--out", description = "output folder (default: models/src/main/resources/dev/streamer/models/head under the project root)")
        Path out;

        @Option(names = "--encoder", defaultValue = "int8", description = "int8 or float (default: ${DEFAULT-VALUE})")
        EncoderKind encoder;

        @Option(names = "--seed", defaultValue = "42")
        long seed;

        @Option(names = "--epochs", defaultValue = "40")
        int epochs;

        @Option(names = "--hidden", defaultValue = "512")
        int hidden;

        @Option(names = "--dropout", defaultValue = "0.3")
        float dropout;

        @Option(names = "--lr", defaultValue = "0.001")
        float lr;

        @Option(names = "--weight-decay", defaultValue = "0.0001")
        float weightDecay;

        @Option(names = "--batch", defaultValue = "128")
        int batch;

        @Option(names = "--balance", defaultValue = "0.5",
                description = "class weight = count^-balance (0: none, 1: fully balanced; default: ${DEFAULT-VALUE})")
        float balance;

        @Option(names = "--tune-bias", defaultValue = "true", negatable = true,
                description = "after training, add per-class output offsets that maximise dev macro-F1 (default: ${DEFAULT-VALUE})")
        boolean tuneBias;

        @Override
        public Integer call() throws Exception {
            PrintStream log = System.out;
            // Block initialisation infers shapes on DJL's default engine: make it PyTorch for training.
            System.setProperty("ai.djl.default_engine", "PyTorch");
            ModelConfig config = common.config().withEncoder(encoder);
            ModelEnvironment.apply(config);
            GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(common.data));
            Map<String, String> hashes = new LinkedHashMap<>();
            Map<GoEmotions.Split, List<GoEmotions.Example>> splits = new LinkedHashMap<>();
            Map<GoEmotions.Split, float[][]> embeddings = new LinkedHashMap<>();
            EmbeddingCache cache = new EmbeddingCache(ModelEnvironment.streamerHome().resolve("embeddings"), config,
                    encoder, common.threads, log);
            Map<String, Object> rows = new LinkedHashMap<>();
            for (GoEmotions.Split split : GoEmotions.Split.values()) {
                GoEmotions.Loaded loaded = data.load(split);
                String sha = GoEmotions.sha256(data.file(split));
                hashes.put(split.file(), sha);
                rows.put(split.file(), Map.of("rows", loaded.rows(), "kept_single_class", loaded.examples().size()));
                log.printf("%s: %d rows, %d single-class%n", split.file(), loaded.rows(), loaded.examples().size());
                splits.put(split, loaded.examples());
                embeddings.put(split, cache.get(split.name().toLowerCase(Locale.ROOT), sha, texts(loaded.examples())));
            }
            for (String f : List.of("emotions.txt", "ekman_mapping.json")) {
                hashes.put(f, GoEmotions.sha256(data.dir().resolve(f)));
            }
            HeadTrainer.Options opts = new HeadTrainer.Options(seed, epochs, hidden, dropout, lr, weightDecay, batch, balance, tuneBias);
            HeadTrainer.Result result = new HeadTrainer(opts, log).train(
                    embeddings.get(GoEmotions.Split.TRAIN), labels(splits.get(GoEmotions.Split.TRAIN)),
                    embeddings.get(GoEmotions.Split.DEV), labels(splits.get(GoEmotions.Split.DEV)));
            Metrics test = HeadTrainer.evaluate(result.head(), embeddings.get(GoEmotions.Split.TEST),
                    labels(splits.get(GoEmotions.Split.TEST)));
            log.printf("best epoch %d: dev acc %.4f macro_f1 %.4f | test acc %.4f macro_f1 %.4f%n", result.bestEpoch(),
                    result.dev().accuracy(), result.dev().macroF1(), test.accuracy(), test.macroF1());

            Path outDir = out != null ? out : defaultHeadDir();
            Files.createDirectories(outDir);
            Files.write(outDir.resolve(MlpHead.PARAMS_FILE), result.params());
            Map<String, Object> training = new LinkedHashMap<>(opts.toMap());
            training.put("best_epoch", result.bestEpoch());
            training.put("selection", "best dev macro-F1 over epochs"
                    + (tuneBias ? ", then per-class output offsets tuned on dev (folded into the last bias)" : ""));
            training.put("class_weights", result.classWeights());
            training.put("output_bias_offsets", result.biasOffsets());
            training.put("data", rows);
            HeadCard card = new HeadCard("streamer-emotion-head",
                    ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME), encoder.id(), encoder.artifact()
                    + ":1.19.0-beta29", config.maxTokens(), hidden, dropout,
                    Emotion.ALL.stream().map(Emotion::label).toList(), MlpHead.PARAMS_FILE, seed, training, hashes,
                    "rows whose GoEmotions labels map to two or more of the 7 classes are dropped from training and "
                            + "evaluation; rows whose labels all map to one class keep that class",
                    result.dev().toMap(), test.toMap());
            card.write(outDir.resolve(HeadCard.FILE));
            log.printf("wrote %s and %s%n", outDir.resolve(MlpHead.PARAMS_FILE), outDir.resolve(HeadCard.FILE));
            return 0;
        }

        static Path defaultHeadDir() {
            Path root = ModelEnvironment.projectRoot();
            if (root == null) {
                throw new IllegalStateException("project root not found: pass --out");
            }
            return root.resolve("models/src/main/resources").resolve(HeadCard.RESOURCE_DIR);
        }
    }

    @Command(name = "evaluate", mixinStandardHelpOptions = true,
            description = "Classify a GoEmotions split (single-class rows) with the full pipeline and print accuracy, macro_f1, per-class F1 and the confusion matrix.")
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
            GoEmotions.Loaded loaded = data.load(s);
            List<GoEmotions.Example> examples = loaded.examples();
            if (limit > 0 && limit < examples.size()) {
                examples = examples.subList(0, limit);
            }
            long t0 = System.nanoTime();
            List<Emotion> predicted = classifyAll(common.config(), texts(examples), common.threads);
            Metrics m = new Metrics();
            for (int i = 0; i < examples.size(); i++) {
                m.add(examples.get(i).label(), predicted.get(i));
            }
            System.out.printf("split=%s file=%s rows_total=%d rows_single_class=%d (multi-class rows dropped)%n",
                    s.name().toLowerCase(Locale.ROOT), data.file(s), loaded.rows(), loaded.examples().size());
            System.out.print(m.report());
            System.out.printf(Locale.ROOT, "seconds=%.1f%n", (System.nanoTime() - t0) / 1e9);
            return 0;
        }
    }

    /** Classifies texts one per call with {@code threads} classifiers (one per thread). */
    public static List<Emotion> classifyAll(ModelConfig config, List<String> texts, int threads) throws Exception {
        Emotion[] out = new Emotion[texts.size()];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, threads));
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < Math.max(1, threads); t++) {
                futures.add(pool.submit(() -> {
                    try (EmotionClassifier classifier = EmotionClassifier.load(config)) {
                        int i;
                        while ((i = next.getAndIncrement()) < texts.size()) {
                            out[i] = classifier.classify(texts.get(i)).label();
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
        return List.of(out);
    }

    @Command(name = "classify", mixinStandardHelpOptions = true,
            description = "Read lines on stdin, print label<TAB>score<TAB>text per line.")
    static final class Classify implements Callable<Integer> {
        @Option(names = "--head", description = "head folder (default: the shipped head)")
        Path head;

        @Option(names = "--scores", description = "also print all seven scores as label=score after the text")
        boolean scores;

        @Override
        public Integer call() throws Exception {
            PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
            try (EmotionClassifier classifier = EmotionClassifier.load(ModelConfig.defaults().withHeadDir(head));
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
