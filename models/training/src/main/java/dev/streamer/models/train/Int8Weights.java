package dev.streamer.models.train;

/**
 * Weight quantisation as in the shipped int8 all-MiniLM-L6-v2 graph (ONNX Runtime's dynamic quantisation with
 * per-channel, reduced-range weights): each output column of a MatMul weight {@code [in, out]} gets its own
 * scale {@code max|w| / 64} and zero point 0, values {@code round(w / scale)} in {@code [-64, 64]} (7 bits, so
 * that the uint8 × int8 products of {@code MatMulInteger} cannot saturate on CPUs without VNNI). Activations stay
 * dynamically quantised per tensor by the graph's {@code DynamicQuantizeLinear} nodes.
 */
public final class Int8Weights {

    static final int Q_MAX = 64;

    private Int8Weights() {}

    /** Quantised values and per-column scales of a row-major {@code [in, out]} matrix. */
    public record Quantised(byte[] values, float[] scales) {}

    public static Quantised quantise(float[] w, int in, int out) {
        float[] scales = new float[out];
        for (int j = 0; j < out; j++) {
            float amax = 0;
            for (int i = 0; i < in; i++) {
                amax = Math.max(amax, Math.abs(w[i * out + j]));
            }
            // (rmax - rmin) / (qmax - qmin) with rmax = -rmin = amax, in float32 like the quantiser
            float scale = (amax + amax) / (float) (Q_MAX + Q_MAX);
            scales[j] = scale == 0f ? 1f : scale;
        }
        byte[] q = new byte[w.length];
        for (int i = 0; i < in; i++) {
            for (int j = 0; j < out; j++) {
                double v = Math.rint(w[i * out + j] / scales[j]);
                q[i * out + j] = (byte) Math.max(-Q_MAX, Math.min(Q_MAX, v));
            }
        }
        return new Quantised(q, scales);
    }
}
