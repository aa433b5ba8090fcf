package dev.streamer.models.train;

import dev.streamer.contract.Emotion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The GoEmotions paper's protocol: every row, a set of gold classes, a predicted set (classes whose sigmoid
 * output reaches the threshold, 0.3 in the paper); per-class precision, recall and F1 over rows, macro-F1 their
 * unweighted mean over the seven classes.
 */
public final class MultiLabelMetrics {

    public static final float PAPER_THRESHOLD = 0.3f;

    private final int n = Emotion.ALL.size();
    private final long[] tp = new long[n];
    private final long[] fp = new long[n];
    private final long[] fn = new long[n];
    private long rows;
    private long exact;

    public void add(Set<Emotion> gold, boolean[] predicted) {
        boolean same = true;
        for (Emotion e : Emotion.ALL) {
            int c = e.ordinal();
            boolean g = gold.contains(e);
            if (g && predicted[c]) {
                tp[c]++;
            } else if (predicted[c]) {
                fp[c]++;
                same = false;
            } else if (g) {
                fn[c]++;
                same = false;
            }
        }
        rows++;
        if (same) {
            exact++;
        }
    }

    /** Adds a row predicted from raw logits at {@code threshold} on their sigmoid. */
    public void add(Set<Emotion> gold, float[] logits, float threshold) {
        boolean[] p = new boolean[n];
        for (int c = 0; c < n; c++) {
            p[c] = 1.0 / (1.0 + Math.exp(-logits[c])) >= threshold;
        }
        add(gold, p);
    }

    public double precision(int c) {
        return tp[c] + fp[c] == 0 ? 0 : (double) tp[c] / (tp[c] + fp[c]);
    }

    public double recall(int c) {
        return tp[c] + fn[c] == 0 ? 0 : (double) tp[c] / (tp[c] + fn[c]);
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    public double macroF1() {
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += f1(c);
        }
        return s / n;
    }

    public long rows() {
        return rows;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", rows);
        m.put("threshold", PAPER_THRESHOLD);
        m.put("macro_f1", round(macroF1()));
        m.put("exact_match", round(rows == 0 ? 0 : (double) exact / rows));
        Map<String, Object> per = new LinkedHashMap<>();
        for (Emotion e : Emotion.ALL) {
            int c = e.ordinal();
            per.put(
                    e.label(),
                    Map.of(
                            "precision",
                            round(precision(c)),
                            "recall",
                            round(recall(c)),
                            "f1",
                            round(f1(c)),
                            "support",
                            tp[c] + fn[c]));
        }
        m.put("per_class", per);
        return m;
    }

    static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "multi_label_macro_f1=%.4f (all %d rows, sigmoid >= %.1f; exact match %.4f)%n",
                macroF1(),
                rows,
                PAPER_THRESHOLD,
                rows == 0 ? 0 : (double) exact / rows));
        sb.append(
                String.format(Locale.ROOT, "%-9s %9s %9s %9s %7s%n", "class", "precision", "recall", "f1", "support"));
        for (Emotion e : Emotion.ALL) {
            int c = e.ordinal();
            sb.append(String.format(
                    Locale.ROOT,
                    "%-9s %9.4f %9.4f %9.4f %7d%n",
                    e.label(),
                    precision(c),
                    recall(c),
                    f1(c),
                    tp[c] + fn[c]));
        }
        return sb.toString();
    }
}
