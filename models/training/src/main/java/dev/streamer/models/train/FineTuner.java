package dev.streamer.models.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.ParameterTracker;
import dev.streamer.contract.Emotion;
import dev.streamer.models.BertTokenizer;
import dev.streamer.models.EmotionHead;
import java.io.ByteArrayInputStream;
import java.io.PrintStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Fine-tunes the top {@code trainLayers} encoder layers of all-MiniLM-L6-v2 together with a linear head on
 * mean-pooled token states, with DJL on the PyTorch engine, on every GoEmotions training row with its Ekman
 * classes as a multi-hot target (sigmoid cross-entropy, as the GoEmotions paper).
 *
 * <p>The frozen part (embeddings and the lower {@code 6 - trainLayers} layers) is run once per text by the
 * shipped int8 graph on ONNX Runtime ({@link FrozenLayers}), exactly as in the job, and its token states are kept
 * in memory, so an epoch only runs the trained layers; those start from the float weights. Batches hold texts of similar
 * length (sorted within shuffled chunks) to keep padding short. AdamW with linear warm-up and linear decay;
 * after each epoch the dev single-label macro-F1 decides: the best epoch is kept and training stops when it has
 * not improved for {@code patience} epochs. Then per-class output offsets are tuned on dev for the single-label
 * decision. Reproducible for a seed and a PyTorch thread count (shuffling, head initialisation and dropout are
 * seeded).
 */
public final class FineTuner {

    /** Hyper-parameters. */
    public record Options(
            long seed,
            int trainLayers,
            int epochs,
            int evalsPerEpoch,
            int patience,
            float learningRate,
            float weightDecay,
            float warmup,
            int batchSize,
            float dropout,
            int maxTokens,
            int limit,
            int maxMinutes) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", "PyTorch (DJL " + Engine.getDjlVersion() + ")");
            m.put("objective", "sigmoid cross-entropy over the 7 classes, multi-hot targets, every training row");
            m.put(
                    "trained_layers",
                    trainLayers == 0
                            ? "head only (frozen encoder)"
                            : "encoder layers " + (MiniLm.LAYERS - trainLayers) + "-" + (MiniLm.LAYERS - 1)
                                    + " and the head");
            m.put(
                    "frozen",
                    "embeddings"
                            + (trainLayers < MiniLm.LAYERS ? " and layers 0-" + (MiniLm.LAYERS - trainLayers - 1) : "")
                            + ", run once per text by the shipped int8 graph on ONNX Runtime");
            m.put("pooling", "mean over tokens");
            m.put("optimizer", "AdamW");
            m.put("learning_rate", learningRate);
            m.put("weight_decay", weightDecay);
            m.put("warmup_fraction", warmup);
            m.put("schedule", "linear warm-up, then linear decay to 0 at max_epochs");
            m.put("batch_size", batchSize);
            m.put("dropout", dropout);
            m.put("max_epochs", epochs);
            m.put(
                    "early_stopping",
                    "dev single-label macro-F1 checked " + evalsPerEpoch + "x per epoch, best kept, stop after "
                            + patience + " checks without improvement");
            m.put("max_tokens", maxTokens);
            if (limit > 0) {
                m.put("train_rows_limit", limit);
            }
            if (maxMinutes > 0) {
                m.put("time_budget_minutes", maxMinutes);
            }
            return m;
        }
    }

    /** Logits and targets of one split, in row order. */
    public record Scored(float[][] logits, List<GoEmotions.Row> rows) {

        public Metrics singleLabel(float[] offsets) {
            Metrics m = new Metrics();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).classes().size() == 1) {
                    m.add(rows.get(i).classes().iterator().next().ordinal(), argmax(logits[i], offsets));
                }
            }
            return m;
        }

        public MultiLabelMetrics multiLabel() {
            MultiLabelMetrics m = new MultiLabelMetrics();
            for (int i = 0; i < rows.size(); i++) {
                m.add(rows.get(i).classes(), logits[i], MultiLabelMetrics.PAPER_THRESHOLD);
            }
            return m;
        }
    }

    /** What training produced: the encoder weights of the trained layers, the head and the float metrics. */
    public record Result(
            Map<String, float[]> layers,
            EmotionHead head,
            String bestAt,
            int epochsRun,
            List<Map<String, Object>> history,
            Scored dev,
            Scored test,
            double trainSeconds,
            double cacheSeconds) {}

    private static final int CHUNK_BATCHES = 50;

    private final Options options;
    private final PrintStream log;

    public FineTuner(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    public Result train(List<GoEmotions.Row> trainRows, List<GoEmotions.Row> devRows, List<GoEmotions.Row> testRows)
            throws Exception {
        if (options.limit() > 0 && options.limit() < trainRows.size()) {
            trainRows = trainRows.subList(0, options.limit());
        }
        int from = MiniLm.LAYERS - options.trainLayers();
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) options.seed());
        BertTokenizer tokenizer =
                BertTokenizer.read(new ByteArrayInputStream(BaseModel.TOKENIZER.bytes()), options.maxTokens());
        try (NDManager manager = engine.newBaseManager()) {
            MiniLm model = MiniLm.fromOnnx(OnnxGraph.read(BaseModel.FLOAT.bytes()), manager);
            long t0 = System.nanoTime();
            long cpu0 = cpuNanos();
            float[][] trainStates = FrozenLayers.states(texts(trainRows), tokenizer, from, 2);
            float[][] devStates = FrozenLayers.states(texts(devRows), tokenizer, from, 2);
            float[][] testStates = FrozenLayers.states(texts(testRows), tokenizer, from, 2);
            double cacheSeconds = (System.nanoTime() - t0) / 1e9;
            log.printf(
                    java.util.Locale.ROOT,
                    "frozen part (int8 embeddings + %d layers, ONNX Runtime) of %d rows in %.0f s (%.0f CPU-s)%n",
                    from,
                    trainRows.size() + devRows.size() + testRows.size(),
                    cacheSeconds,
                    (cpuNanos() - cpu0) / 1e9);

            Map<String, NDArray> params = new LinkedHashMap<>(model.trainable(from));
            Random random = new Random(options.seed());
            int k = Emotion.ALL.size();
            float[] w0 = new float[MiniLm.HIDDEN * k];
            for (int i = 0; i < w0.length; i++) {
                w0[i] = (float) (random.nextGaussian() * 0.02);
            }
            NDArray headW = manager.create(w0, new Shape(MiniLm.HIDDEN, k));
            NDArray headB = manager.zeros(new Shape(k));
            headW.setRequiresGradient(true);
            headB.setRequiresGradient(true);
            params.put("head.weight", headW);
            params.put("head.bias", headB);

            float[][] targets = new float[trainRows.size()][k];
            for (int i = 0; i < trainRows.size(); i++) {
                for (Emotion e : trainRows.get(i).classes()) {
                    targets[i][e.ordinal()] = 1f;
                }
            }
            int batchesPerEpoch = (trainRows.size() + options.batchSize() - 1) / options.batchSize();
            int totalSteps = batchesPerEpoch * options.epochs();
            int warmupSteps = Math.max(1, Math.round(totalSteps * options.warmup()));
            Optimizer optimizer = Optimizer.adamW()
                    .optLearningRateTracker(new WarmupLinearDecay(options.learningRate(), warmupSteps, totalSteps))
                    .optWeightDecays(options.weightDecay())
                    .build();

            List<Map<String, Object>> history = new ArrayList<>();
            Map<String, float[]> best = null;
            double bestF1 = -1;
            int bestCheck = 0;
            String bestAt = "";
            int checks = 0;
            int epoch = 0;
            boolean stop = false;
            long trainStart = System.nanoTime();
            while (epoch < options.epochs() && !stop) {
                epoch++;
                long e0 = System.nanoTime();
                long c0 = cpuNanos();
                List<int[]> batches = batches(trainStates, options.batchSize(), random);
                int every =
                        Math.max(1, (int) Math.ceil(batches.size() / (double) Math.max(1, options.evalsPerEpoch())));
                double lossSum = 0;
                double windowLoss = 0;
                int windowSteps = 0;
                int step = 0;
                for (int[] batch : batches) {
                    try (NDManager sub = manager.newSubManager()) {
                        Padded in = pad(sub, trainStates, batch);
                        float[] y = new float[batch.length * k];
                        for (int i = 0; i < batch.length; i++) {
                            System.arraycopy(targets[batch[i]], 0, y, i * k, k);
                        }
                        NDArray target = sub.create(y, new Shape(batch.length, k));
                        float loss;
                        try (GradientCollector gc = engine.newGradientCollector()) {
                            NDArray logits = forward(model, in, headW, headB, from, true);
                            NDArray l = logits.maximum(0f)
                                    .sub(logits.mul(target))
                                    .add(logits.abs().neg().exp().add(1f).log())
                                    .mean();
                            gc.backward(l);
                            loss = l.getFloat();
                        }
                        if (!Float.isFinite(loss)) {
                            throw new IllegalStateException("training diverged: loss " + loss + " at epoch " + epoch
                                    + " step " + (step + 1) + "; lower --lr or train fewer layers");
                        }
                        for (Map.Entry<String, NDArray> p : params.entrySet()) {
                            try (NDArray g = p.getValue().getGradient()) {
                                optimizer.update(p.getKey(), p.getValue(), g);
                                g.muli(0f);
                            }
                        }
                        lossSum += loss;
                        windowLoss += loss;
                        windowSteps++;
                    }
                    step++;
                    if (step % 100 == 0) {
                        double rows = step * (double) options.batchSize();
                        log.printf(
                                java.util.Locale.ROOT,
                                "  epoch %d step %d/%d loss %.4f  %.1f ms/row wall, %.1f CPU-ms/row%n",
                                epoch,
                                step,
                                batches.size(),
                                lossSum / step,
                                (System.nanoTime() - e0) / 1e6 / rows,
                                (cpuNanos() - c0) / 1e6 / rows);
                    }
                    if (step % every != 0 && step != batches.size()) {
                        continue;
                    }
                    checks++;
                    Scored dev = score(model, manager, devStates, devRows, headW, headB, from);
                    Metrics single = dev.singleLabel(new float[k]);
                    double multi = dev.multiLabel().macroF1();
                    boolean better = single.macroF1() > bestF1;
                    String at = "epoch " + epoch + " step " + step + "/" + batches.size();
                    log.printf(
                            java.util.Locale.ROOT,
                            "%s: loss %.4f, dev single-label acc %.4f macro_f1 %.4f, "
                                    + "multi-label macro_f1 %.4f, %.0f s since epoch start%s%n",
                            at,
                            windowLoss / windowSteps,
                            single.accuracy(),
                            single.macroF1(),
                            multi,
                            (System.nanoTime() - e0) / 1e9,
                            better ? "  *" : "");
                    Map<String, Object> h = new LinkedHashMap<>();
                    h.put("at", at);
                    h.put("train_loss", MultiLabelMetrics.round(windowLoss / windowSteps));
                    h.put("dev_single_label_macro_f1", MultiLabelMetrics.round(single.macroF1()));
                    h.put("dev_multi_label_macro_f1", MultiLabelMetrics.round(multi));
                    history.add(h);
                    windowLoss = 0;
                    windowSteps = 0;
                    if (better) {
                        bestF1 = single.macroF1();
                        bestCheck = checks;
                        bestAt = at;
                        best = MiniLm.snapshot(params);
                    } else if (checks - bestCheck >= options.patience()) {
                        log.printf("early stop: no dev improvement for %d check(s)%n", options.patience());
                        stop = true;
                        break;
                    }
                    if (options.maxMinutes() > 0
                            && System.nanoTime() - trainStart > options.maxMinutes() * 60_000_000_000L) {
                        log.printf(
                                "time budget of %d minutes used: stopping with the best check so far%n",
                                options.maxMinutes());
                        stop = true;
                        break;
                    }
                }
            }
            double trainSeconds = (System.nanoTime() - trainStart) / 1e9;
            MiniLm.restore(params, best);
            Scored dev = score(model, manager, devStates, devRows, headW, headB, from);
            Scored test = score(model, manager, testStates, testRows, headW, headB, from);
            float[] offsets = tuneOffsets(dev);
            log.printf(
                    "dev-tuned offsets %s: dev single-label macro_f1 %.4f -> %.4f%n",
                    Arrays.toString(offsets),
                    dev.singleLabel(new float[k]).macroF1(),
                    dev.singleLabel(offsets).macroF1());

            float[] w = best.get("head.weight");
            float[][] weight = new float[k][MiniLm.HIDDEN];
            for (int i = 0; i < MiniLm.HIDDEN; i++) {
                for (int c = 0; c < k; c++) {
                    weight[c][i] = w[i * k + c];
                }
            }
            EmotionHead head = new EmotionHead(
                    Emotion.ALL.stream().map(Emotion::label).toList(), weight, best.get("head.bias"), offsets);
            Map<String, float[]> layers = new LinkedHashMap<>(best);
            layers.remove("head.weight");
            layers.remove("head.bias");
            return new Result(layers, head, bestAt, epoch, history, dev, test, trainSeconds, cacheSeconds);
        }
    }

    /** CPU time of this process (all threads). */
    public static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                        java.lang.management.ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private static List<String> texts(List<GoEmotions.Row> rows) {
        return rows.stream().map(GoEmotions.Row::text).toList();
    }

    private static Integer[] byLength(float[][] states) {
        Integer[] order = new Integer[states.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, Comparator.comparingInt(i -> states[i].length));
        return order;
    }

    /** Shuffled rows cut into chunks, each chunk sorted by length and cut into batches, batches shuffled. */
    private static List<int[]> batches(float[][] states, int batchSize, Random random) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < states.length; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, random);
        List<int[]> out = new ArrayList<>();
        int chunk = batchSize * CHUNK_BATCHES;
        for (int s = 0; s < idx.size(); s += chunk) {
            List<Integer> part = new ArrayList<>(idx.subList(s, Math.min(idx.size(), s + chunk)));
            part.sort(Comparator.comparingInt(i -> states[i].length));
            for (int b = 0; b < part.size(); b += batchSize) {
                out.add(part.subList(b, Math.min(part.size(), b + batchSize)).stream()
                        .mapToInt(Integer::intValue)
                        .toArray());
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    private record Padded(NDArray states, NDArray maskBias, NDArray mask, NDArray counts, int length) {}

    private static Padded pad(NDManager m, float[][] states, int[] batch) {
        int len = 1;
        for (int i : batch) {
            len = Math.max(len, states[i].length / MiniLm.HIDDEN);
        }
        int h = MiniLm.HIDDEN;
        float[] x = new float[batch.length * len * h];
        float[] mask = new float[batch.length * len];
        float[] bias = new float[batch.length * len];
        float[] counts = new float[batch.length];
        for (int b = 0; b < batch.length; b++) {
            float[] s = states[batch[b]];
            int n = s.length / h;
            System.arraycopy(s, 0, x, b * len * h, s.length);
            for (int t = 0; t < len; t++) {
                mask[b * len + t] = t < n ? 1f : 0f;
                bias[b * len + t] = t < n ? 0f : MiniLm.MASKED;
            }
            counts[b] = n;
        }
        return new Padded(
                m.create(FloatBuffer.wrap(x), new Shape(batch.length, len, h)),
                m.create(bias, new Shape(batch.length, 1, 1, len)),
                m.create(mask, new Shape(batch.length, len, 1)),
                m.create(counts, new Shape(batch.length, 1)),
                len);
    }

    private NDArray forward(MiniLm model, Padded in, NDArray headW, NDArray headB, int from, boolean training) {
        NDArray h =
                model.layers(in.states(), in.maskBias(), in.mask(), from, MiniLm.LAYERS, training, options.dropout());
        NDArray pooled = h.mul(in.mask()).sum(new int[] {1}).div(in.counts());
        return MiniLm.drop(pooled, training, options.dropout()).matMul(headW).add(headB);
    }

    private Scored score(
            MiniLm model,
            NDManager manager,
            float[][] states,
            List<GoEmotions.Row> rows,
            NDArray headW,
            NDArray headB,
            int from) {
        int k = Emotion.ALL.size();
        float[][] logits = new float[rows.size()][];
        Integer[] order = byLength(states);
        for (int s = 0; s < order.length; s += 64) {
            int[] batch = new int[Math.min(64, order.length - s)];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = order[s + i];
            }
            try (NDManager sub = manager.newSubManager()) {
                float[] out = forward(model, pad(sub, states, batch), headW, headB, from, false)
                        .toFloatArray();
                for (int i = 0; i < batch.length; i++) {
                    logits[batch[i]] = Arrays.copyOfRange(out, i * k, (i + 1) * k);
                }
            }
        }
        return new Scored(logits, rows);
    }

    /** Per-class offsets added to the logits that maximise dev single-label macro-F1 (coordinate ascent, 0.05 grid). */
    static float[] tuneOffsets(Scored dev) {
        float[] offsets = new float[Emotion.ALL.size()];
        double best = dev.singleLabel(offsets).macroF1();
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < offsets.length; c++) {
                float keep = offsets[c];
                float bestValue = keep;
                for (int step = -40; step <= 40; step++) {
                    offsets[c] = step * 0.05f;
                    double f = dev.singleLabel(offsets).macroF1();
                    if (f > best + 1e-9) {
                        best = f;
                        bestValue = offsets[c];
                    }
                }
                offsets[c] = bestValue;
            }
        }
        return offsets;
    }

    /** The single-label decision: argmax of {@code logits + offsets}. */
    public static int argmax(float[] logits, float[] offsets) {
        int best = 0;
        for (int c = 1; c < logits.length; c++) {
            if (logits[c] + offsets[c] > logits[best] + offsets[best]) {
                best = c;
            }
        }
        return best;
    }

    /** Linear warm-up to the base rate, then linear decay to 0 at the last step. */
    static final class WarmupLinearDecay implements ParameterTracker {
        private final float base;
        private final int warmup;
        private final int total;

        WarmupLinearDecay(float base, int warmup, int total) {
            this.base = base;
            this.warmup = warmup;
            this.total = total;
        }

        @Override
        public float getNewValue(String parameterId, int numUpdate) {
            if (numUpdate < warmup) {
                return base * (numUpdate + 1) / warmup;
            }
            return base * Math.max(0f, (float) (total - numUpdate) / Math.max(1, total - warmup));
        }
    }
}
