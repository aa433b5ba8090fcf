package dev.streamer.models.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.norm.LayerNorm;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (BERT: 6 layers, hidden 384, 12 heads, FFN 1536, GELU, post-LayerNorm with eps 1e-12)
 * written with DJL NDArray operations, so that it runs and trains on DJL's PyTorch engine with inputs of any
 * length (DJL's {@code BertBlock} adds position embeddings for its whole maximum length).
 *
 * <p>The weights are read from the float ONNX export ({@link OnnxGraph}). Weights stay in the ONNX orientation
 * {@code [in, out]} so that they can be written back unchanged in layout. The embeddings are computed in Java
 * and never trained; the encoder layers are NDArrays on the given manager, and {@link #trainable(int)} marks the
 * top ones for gradients.
 */
public final class MiniLm {

    public static final int HIDDEN = 384;
    public static final int HEADS = 12;
    public static final int LAYERS = 6;
    static final int HEAD_DIM = HIDDEN / HEADS;
    static final float LN_EPS = 1e-12f;
    /** Added to the attention scores of padding positions. */
    static final float MASKED = -10000f;

    /** Parameters of one encoder layer, HuggingFace names relative to {@code encoder.layer.N.}. */
    public static final List<String> LAYER_PARAMS = List.of(
            "attention.self.query.weight", "attention.self.query.bias",
            "attention.self.key.weight", "attention.self.key.bias",
            "attention.self.value.weight", "attention.self.value.bias",
            "attention.output.dense.weight", "attention.output.dense.bias",
            "attention.output.LayerNorm.weight", "attention.output.LayerNorm.bias",
            "intermediate.dense.weight", "intermediate.dense.bias",
            "output.dense.weight", "output.dense.bias",
            "output.LayerNorm.weight", "output.LayerNorm.bias");

    private final float[] word;
    private final float[] position;
    private final float[] tokenType;
    private final float[] embLnWeight;
    private final float[] embLnBias;
    private final int maxPositions;
    /** HuggingFace name → array on the manager. */
    private final Map<String, NDArray> params = new LinkedHashMap<>();

    private MiniLm(OnnxGraph graph, NDManager manager) {
        word = graph.floats("embeddings.word_embeddings.weight");
        position = graph.floats("embeddings.position_embeddings.weight");
        tokenType = graph.floats("embeddings.token_type_embeddings.weight");
        embLnWeight = graph.floats("embeddings.LayerNorm.weight");
        embLnBias = graph.floats("embeddings.LayerNorm.bias");
        maxPositions = position.length / HIDDEN;
        Map<String, String> matMuls = graph.matMulWeights();
        for (int l = 0; l < LAYERS; l++) {
            for (String p : LAYER_PARAMS) {
                String name = name(l, p);
                String source = matMuls.getOrDefault(name, name);
                long[] dims = graph.dims(source);
                params.put(name, manager.create(graph.floats(source), new Shape(dims)));
            }
        }
    }

    /** The encoder of a float ONNX export of all-MiniLM-L6-v2, its layers on {@code manager}. */
    public static MiniLm fromOnnx(OnnxGraph graph, NDManager manager) {
        return new MiniLm(graph, manager);
    }

    public static String name(int layer, String param) {
        return "encoder.layer." + layer + "." + param;
    }

    /** Marks the parameters of layers {@code from..5} for gradients and returns them by name. */
    public Map<String, NDArray> trainable(int from) {
        Map<String, NDArray> out = new LinkedHashMap<>();
        for (int l = from; l < LAYERS; l++) {
            for (String p : LAYER_PARAMS) {
                NDArray a = params.get(name(l, p));
                a.setRequiresGradient(true);
                out.put(name(l, p), a);
            }
        }
        return out;
    }

    public NDArray param(String name) {
        return params.get(name);
    }

    /** The embedding layer's output for one text, {@code [len * 384]} (word + position + token type 0, LayerNorm). */
    public float[] embed(long[] ids) {
        int len = Math.min(ids.length, maxPositions);
        float[] out = new float[len * HIDDEN];
        for (int t = 0; t < len; t++) {
            int w = (int) ids[t] * HIDDEN;
            int p = t * HIDDEN;
            int o = t * HIDDEN;
            double mean = 0;
            for (int d = 0; d < HIDDEN; d++) {
                float v = word[w + d] + position[p + d] + tokenType[d];
                out[o + d] = v;
                mean += v;
            }
            mean /= HIDDEN;
            double var = 0;
            for (int d = 0; d < HIDDEN; d++) {
                double c = out[o + d] - mean;
                var += c * c;
            }
            var /= HIDDEN;
            double inv = 1.0 / Math.sqrt(var + LN_EPS);
            for (int d = 0; d < HIDDEN; d++) {
                out[o + d] = (float) ((out[o + d] - mean) * inv * embLnWeight[d] + embLnBias[d]);
            }
        }
        return out;
    }

    /**
     * Encoder layers {@code from..to-1} over {@code h [B, L, 384]}.
     *
     * @param maskBias {@code [B, 1, 1, L]}: 0 for tokens, {@link #MASKED} for padding
     * @param mask     {@code [B, L, 1]}: 1 for tokens, 0 for padding; padding states are reset to 0 after each
     *                 layer (left alone, LayerNorm of a near-constant padding vector divides by ~sqrt(1e-12) and
     *                 their keys can grow past the mask: a 4-layer run went to NaN); {@code null} without padding
     * @param dropout  dropout rate on attention probabilities and sub-layer outputs (applied when training)
     */
    public NDArray layers(
            NDArray h, NDArray maskBias, NDArray mask, int from, int to, boolean training, float dropout) {
        for (int l = from; l < to; l++) {
            h = layer(l, h, maskBias, training, dropout);
            if (mask != null) {
                h = h.mul(mask);
            }
        }
        return h;
    }

    private NDArray layer(int l, NDArray h, NDArray maskBias, boolean training, float dropout) {
        long b = h.getShape().get(0);
        long len = h.getShape().get(1);
        NDArray q = heads(dense(h, l, "attention.self.query"), b, len);
        NDArray k = heads(dense(h, l, "attention.self.key"), b, len);
        NDArray v = heads(dense(h, l, "attention.self.value"), b, len);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2))
                .div((float) Math.sqrt(HEAD_DIM))
                .add(maskBias);
        NDArray probs = drop(scores.softmax(-1), training, dropout);
        NDArray context = probs.matMul(v).transpose(0, 2, 1, 3).reshape(b, len, HIDDEN);
        NDArray attention = norm(
                drop(dense(context, l, "attention.output.dense"), training, dropout)
                        .add(h),
                l,
                "attention.output.LayerNorm");
        NDArray inner = Activation.gelu(dense(attention, l, "intermediate.dense"));
        return norm(drop(dense(inner, l, "output.dense"), training, dropout).add(attention), l, "output.LayerNorm");
    }

    private NDArray dense(NDArray x, int l, String module) {
        return x.matMul(params.get(name(l, module + ".weight"))).add(params.get(name(l, module + ".bias")));
    }

    private static NDArray heads(NDArray x, long b, long len) {
        return x.reshape(b, len, HEADS, HEAD_DIM).transpose(0, 2, 1, 3);
    }

    private NDArray norm(NDArray x, int l, String module) {
        return LayerNorm.layerNorm(
                        x,
                        new Shape(HIDDEN),
                        params.get(name(l, module + ".weight")),
                        params.get(name(l, module + ".bias")),
                        LN_EPS)
                .singletonOrThrow();
    }

    static NDArray drop(NDArray x, boolean training, float rate) {
        return training && rate > 0 ? Dropout.dropout(x, rate, true).singletonOrThrow() : x;
    }

    /** Copies of the named parameters' values (a snapshot to restore or export). */
    public static Map<String, float[]> snapshot(Map<String, NDArray> arrays) {
        Map<String, float[]> out = new LinkedHashMap<>();
        arrays.forEach((n, a) -> out.put(n, a.toFloatArray()));
        return out;
    }

    /** Writes a snapshot back into the arrays. */
    public static void restore(Map<String, NDArray> arrays, Map<String, float[]> values) {
        arrays.forEach((n, a) -> a.set(values.get(n)));
    }

    /** Names of every encoder-layer parameter, in order. */
    public static List<String> allLayerParams() {
        List<String> out = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            for (String p : LAYER_PARAMS) {
                out.add(name(l, p));
            }
        }
        return out;
    }
}
