package dev.streamer.models.train;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.EasyTrain;
import ai.djl.training.Trainer;
import ai.djl.training.dataset.ArrayDataset;
import ai.djl.training.dataset.Batch;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import dev.streamer.contract.Emotion;
import dev.streamer.models.MlpHead;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains the MLP head on precomputed embeddings with DJL on the PyTorch engine, keeping the epoch with the best
 * dev macro-F1. Reproducible: the seed fixes the initial weights, dropout and batch order (PyTorch runs with
 * one thread, see {@code ModelEnvironment}).
 */
public final class HeadTrainer {

    /** Hyper-parameters. */
    public record Options(long seed, int epochs, int hidden, float dropout, float learningRate, float weightDecay,
                          int batchSize, float balance, boolean tuneBias) {

        public Map<String, Object> toMap() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("engine", "PyTorch");
            m.put("optimizer", "adam");
            m.put("epochs", epochs);
            m.put("hidden", hidden);
            m.put("dropout", dropout);
            m.put("learning_rate", learningRate);
            m.put("weight_decay", weightDecay);
            m.put("batch_size", batchSize);
            m.put("class_weight_power", balance);
            m.put("dev_tuned_output_bias", tuneBias);
            return m;
        }
    }

    /** The best head: its DJL parameters, the epoch and the dev metrics. */
    public record Result(byte[] params, MlpHead head, int bestEpoch, Metrics dev, float[] classWeights,
                         float[] biasOffsets) {
    }

    private final Options options;
    private final PrintStream log;

    public HeadTrainer(Options options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    /** Class weights (n_c)^-balance, scaled to mean 1 over the training rows. */
    static float[] classWeights(int[] labels, float balance) {
        int k = Emotion.ALL.size();
        long[] count = new long[k];
        for (int y : labels) {
            count[y]++;
        }
        float[] w = new float[k];
        double mean = 0;
        for (int c = 0; c < k; c++) {
            w[c] = (float) Math.pow(Math.max(count[c], 1), -balance);
            mean += w[c] * count[c];
        }
        mean /= labels.length;
        for (int c = 0; c < k; c++) {
            w[c] = (float) (w[c] / mean);
        }
        return w;
    }

    public Result train(float[][] trainX, int[] trainY, float[][] devX, int[] devY) throws Exception {
        Engine engine = Engine.getEngine("PyTorch");
        engine.setRandomSeed((int) options.seed());
        float[] weights = classWeights(trainY, options.balance());
        log.printf("class weights %s%n", Arrays.toString(weights));
        SequentialBlock block = MlpHead.newBlock(options.hidden(), options.dropout());
        try (NDManager manager = engine.newBaseManager();
             Model model = Model.newInstance("emotion-head", engine.getEngineName())) {
            model.setBlock(block);
            NDArray x = manager.create(flatten(trainX), new Shape(trainX.length, trainX[0].length));
            NDArray y = manager.create(trainY).toType(DataType.INT64, false);
            ArrayDataset data = new ArrayDataset.Builder().setData(x).optLabels(y)
                    .setSampling(options.batchSize(), true).build();
            DefaultTrainingConfig cfg = new DefaultTrainingConfig(new WeightedSoftmaxLoss(weights))
                    .optOptimizer(Optimizer.adam()
                            .optLearningRateTracker(Tracker.fixed(options.learningRate()))
                            .optWeightDecays(options.weightDecay())
                            .build());
            byte[] best = null;
            MlpHead bestHead = null;
            Metrics bestDev = null;
            int bestEpoch = -1;
            try (Trainer trainer = model.newTrainer(cfg)) {
                trainer.initialize(new Shape(1, trainX[0].length));
                for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                    int batches = 0;
                    for (Batch batch : trainer.iterateDataset(data)) {
                        try (batch) {
                            EasyTrain.trainBatch(trainer, batch);
                            trainer.step();
                        }
                        batches++;
                    }
                    trainer.notifyListeners(listener -> listener.onEpoch(trainer));
                    MlpHead head = MlpHead.fromBlock(block);
                    Metrics dev = evaluate(head, devX, devY);
                    boolean better = bestDev == null || dev.macroF1() > bestDev.macroF1();
                    log.printf("epoch %2d  batches %d  dev acc %.4f  dev macro_f1 %.4f%s%n", epoch, batches,
                            dev.accuracy(), dev.macroF1(), better ? "  *" : "");
                    if (better) {
                        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                        try (DataOutputStream out = new DataOutputStream(bytes)) {
                            block.saveParameters(out);
                        }
                        best = bytes.toByteArray();
                        bestHead = head;
                        bestDev = dev;
                        bestEpoch = epoch;
                    }
                }
            }
            float[] offsets = new float[Emotion.ALL.size()];
            if (options.tuneBias()) {
                offsets = tuneBias(bestHead, devX, devY);
                // Fold the offsets into the bias of the last Linear layer and save the parameters again.
                block.loadParameters(manager, new java.io.DataInputStream(new java.io.ByteArrayInputStream(best)));
                var params = block.getParameters();
                NDArray bias = params.get(params.size() - 1).getValue().getArray();
                bias.addi(manager.create(offsets));
                ByteArrayOutputStream bytes = new ByteArrayOutputStream();
                try (DataOutputStream out = new DataOutputStream(bytes)) {
                    block.saveParameters(out);
                }
                best = bytes.toByteArray();
                bestHead = MlpHead.fromBlock(block);
                Metrics tuned = evaluate(bestHead, devX, devY);
                log.printf("dev-tuned output bias %s: dev acc %.4f macro_f1 %.4f%n", Arrays.toString(offsets),
                        tuned.accuracy(), tuned.macroF1());
                bestDev = tuned;
            }
            return new Result(best, bestHead, bestEpoch, bestDev, weights, offsets);
        }
    }

    /** Per-class offsets added to the logits that maximise dev macro-F1 (coordinate ascent on a 0.05 grid). */
    static float[] tuneBias(MlpHead head, float[][] x, int[] y) {
        int k = Emotion.ALL.size();
        float[][] logits = new float[x.length][];
        for (int i = 0; i < x.length; i++) {
            logits[i] = head.logits(x[i]);
        }
        float[] offsets = new float[k];
        double best = macroF1(logits, y, offsets);
        for (int round = 0; round < 3; round++) {
            for (int c = 0; c < k; c++) {
                float keep = offsets[c];
                float bestValue = keep;
                for (int step = -30; step <= 30; step++) {
                    offsets[c] = step * 0.05f;
                    double f = macroF1(logits, y, offsets);
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

    private static double macroF1(float[][] logits, int[] y, float[] offsets) {
        Metrics m = new Metrics();
        for (int i = 0; i < logits.length; i++) {
            int best = 0;
            for (int c = 1; c < offsets.length; c++) {
                if (logits[i][c] + offsets[c] > logits[i][best] + offsets[best]) {
                    best = c;
                }
            }
            m.add(y[i], best);
        }
        return m.macroF1();
    }

    public static Metrics evaluate(MlpHead head, float[][] x, int[] y) {
        Metrics m = new Metrics();
        for (int i = 0; i < x.length; i++) {
            m.add(y[i], argmax(head.logits(x[i])));
        }
        return m;
    }

    static int argmax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static float[] flatten(float[][] rows) {
        int dim = rows[0].length;
        float[] out = new float[rows.length * dim];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(rows[i], 0, out, i * dim, dim);
        }
        return out;
    }

    /** Softmax cross-entropy with per-class weights, normalised by the batch's total weight. */
    static final class WeightedSoftmaxLoss extends Loss {

        private final float[] classWeights;

        WeightedSoftmaxLoss(float[] classWeights) {
            super("WeightedSoftmaxCrossEntropy");
            this.classWeights = classWeights;
        }

        @Override
        public NDArray evaluate(NDList labels, NDList predictions) {
            NDArray logits = predictions.singletonOrThrow();
            NDArray logProb = logits.logSoftmax(-1);
            NDArray oneHot = labels.singletonOrThrow().toType(DataType.INT64, false).oneHot(classWeights.length)
                    .toType(DataType.FLOAT32, false);
            NDArray w = oneHot.mul(logits.getManager().create(classWeights));
            return logProb.mul(w).sum().neg().div(w.sum());
        }
    }

    static List<Emotion> labels() {
        return Emotion.ALL;
    }
}
