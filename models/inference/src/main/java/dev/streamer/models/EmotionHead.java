package dev.streamer.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * The classification head ({@code emotion-head.json}): one linear layer over the mean-pooled token states,
 * {@code logits = weight · pooled + bias}, trained together with the encoder's top layers. {@code offsets} are
 * per-class values tuned on dev after training and added to the logits for the single-label decision (argmax) and
 * its scores (softmax); the multi-label outputs ({@code sigmoid(logits)}) do not use them. Immutable.
 *
 * @param labels  class names in {@code weight} row order
 * @param weight  {@code [classes][hidden]}
 * @param bias    {@code [classes]}
 * @param offsets {@code [classes]}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record EmotionHead(List<String> labels, float[][] weight, float[] bias, float[] offsets) {

    public EmotionHead {
        int k = labels.size();
        if (weight.length != k || bias.length != k || offsets.length != k) {
            throw new IllegalArgumentException("head sizes differ: " + k + " labels, " + weight.length
                    + " weight rows, " + bias.length + " biases, " + offsets.length + " offsets");
        }
        for (float[] row : weight) {
            if (row.length != weight[0].length) {
                throw new IllegalArgumentException("head weight rows differ in length");
            }
        }
    }

    public static EmotionHead read(InputStream in) throws IOException {
        return ModelCard.JSON.readValue(in, EmotionHead.class);
    }

    public int inputDim() {
        return weight[0].length;
    }

    /** The raw logits of one pooled vector. */
    public float[] logits(float[] pooled) {
        if (pooled.length != inputDim()) {
            throw new IllegalArgumentException("expected " + inputDim() + " inputs, got " + pooled.length);
        }
        float[] out = new float[bias.length];
        for (int c = 0; c < out.length; c++) {
            float[] w = weight[c];
            float s = 0;
            for (int i = 0; i < w.length; i++) {
                s += w[i] * pooled[i];
            }
            out[c] = s + bias[c];
        }
        return out;
    }

    /** Softmax of {@code logits + offsets}: the single-label scores. */
    public float[] singleLabelScores(float[] logits) {
        float[] shifted = new float[logits.length];
        float max = Float.NEGATIVE_INFINITY;
        for (int c = 0; c < shifted.length; c++) {
            shifted[c] = logits[c] + offsets[c];
            max = Math.max(max, shifted[c]);
        }
        double sum = 0;
        for (int c = 0; c < shifted.length; c++) {
            shifted[c] = (float) Math.exp(shifted[c] - max);
            sum += shifted[c];
        }
        for (int c = 0; c < shifted.length; c++) {
            shifted[c] = (float) (shifted[c] / sum);
        }
        return shifted;
    }

    /** {@code sigmoid(logits)}: the multi-label probabilities (the paper's protocol thresholds them at 0.3). */
    public static float[] sigmoid(float[] logits) {
        float[] p = new float[logits.length];
        for (int c = 0; c < p.length; c++) {
            p[c] = (float) (1.0 / (1.0 + Math.exp(-logits[c])));
        }
        return p;
    }
}
