package dev.streamer.models;

import ai.djl.MalformedModelException;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.util.Pair;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * The classification head: {@code Linear(hidden) -> ReLU -> Dropout -> Linear(7)} over the 384-d sentence
 * embedding. It is trained with DJL on the PyTorch engine ({@link #newBlock(int, float)}) and shipped as DJL
 * parameters ({@link Block#saveParameters}). At inference the same parameters are read through DJL (on the
 * OnnxRuntime engine's NDManager, so no PyTorch start is needed) and applied as plain Java matrix math, which
 * takes microseconds for this size. Immutable and thread-safe.
 */
public final class MlpHead {

    /** File name of the parameters in the head folder. */
    public static final String PARAMS_FILE = "emotion-head.params";

    private final float[][] weights;
    private final float[][] biases;
    private final int[] outDims;
    private final int[] inDims;

    private MlpHead(List<float[]> weights, List<float[]> biases, List<long[]> shapes) {
        this.weights = new float[weights.size()][];
        this.biases = biases.toArray(new float[0][]);
        this.outDims = new int[shapes.size()];
        this.inDims = new int[shapes.size()];
        for (int l = 0; l < shapes.size(); l++) {
            int out = (int) shapes.get(l)[0];
            int in = (int) shapes.get(l)[1];
            outDims[l] = out;
            inDims[l] = in;
            // DJL's Linear weight is (out, in); keep it transposed (in, out) so that the forward pass is a
            // sequence of axpy loops over contiguous memory, which the JIT vectorises.
            float[] w = weights.get(l);
            float[] t = new float[w.length];
            for (int o = 0; o < out; o++) {
                for (int i = 0; i < in; i++) {
                    t[i * out + o] = w[o * in + i];
                }
            }
            this.weights[l] = t;
        }
    }

    /** The block trained on PyTorch; the same structure is rebuilt to read the parameters. */
    public static SequentialBlock newBlock(int hidden, float dropout) {
        SequentialBlock block = new SequentialBlock();
        block.add(Linear.builder().setUnits(hidden).build());
        block.add(Activation.reluBlock());
        block.add(Dropout.builder().optRate(dropout).build());
        block.add(Linear.builder().setUnits(dev.streamer.contract.Emotion.ALL.size()).build());
        return block;
    }

    /** Copies the weights of an initialised or loaded block into a Java head. */
    public static MlpHead fromBlock(Block block) {
        List<float[]> w = new ArrayList<>();
        List<float[]> b = new ArrayList<>();
        List<long[]> shapes = new ArrayList<>();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray array = p.getValue().getArray();
            if (p.getKey().endsWith("weight")) {
                w.add(array.toFloatArray());
                shapes.add(array.getShape().getShape());
            } else if (p.getKey().endsWith("bias")) {
                b.add(array.toFloatArray());
            }
        }
        if (w.isEmpty() || w.size() != b.size()) {
            throw new IllegalStateException("unexpected head parameters: " + block.getParameters().keys());
        }
        return new MlpHead(w, b, shapes);
    }

    /**
     * Reads DJL parameters saved from {@link #newBlock(int, float)}.
     *
     * @param in the parameters stream; closed by this method
     */
    public static MlpHead load(InputStream in, int hidden) throws IOException, MalformedModelException {
        Engine engine = Engine.getEngine("OnnxRuntime");
        SequentialBlock block = newBlock(hidden, 0f);
        try (NDManager manager = engine.newBaseManager();
             DataInputStream dis = new DataInputStream(new BufferedInputStream(in))) {
            block.loadParameters(manager, dis);
            return fromBlock(block);
        }
    }

    public int inputDim() {
        return inDims[0];
    }

    /** The logits for one embedding. */
    public float[] logits(float[] x) {
        float[] cur = x;
        for (int layer = 0; layer < weights.length; layer++) {
            float[] w = weights[layer];
            int out = outDims[layer];
            int in = inDims[layer];
            if (cur.length != in) {
                throw new IllegalArgumentException("expected " + in + " inputs, got " + cur.length);
            }
            float[] next = biases[layer].clone();
            for (int i = 0; i < in; i++) {
                float xi = cur[i];
                if (xi == 0f) {
                    continue;
                }
                int base = i * out;
                for (int o = 0; o < out; o++) {
                    next[o] += w[base + o] * xi;
                }
            }
            if (layer < weights.length - 1) {
                for (int o = 0; o < out; o++) {
                    next[o] = Math.max(0f, next[o]);
                }
            }
            cur = next;
        }
        return cur;
    }

    /** Softmax of {@link #logits(float[])}. */
    public float[] probabilities(float[] x) {
        return softmax(logits(x));
    }

    static float[] softmax(float[] logits) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        float[] p = new float[logits.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) Math.exp(logits[i] - max);
            sum += p[i];
        }
        for (int i = 0; i < p.length; i++) {
            p[i] = (float) (p[i] / sum);
        }
        return p;
    }
}
