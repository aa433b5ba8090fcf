package dev.streamer.models.train;

import dev.streamer.contract.Emotion;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Accuracy, macro-F1, per-class precision/recall/F1 and the confusion matrix of a 7-class prediction. */
public final class Metrics {

    private final int n = Emotion.ALL.size();
    /** confusion[gold][predicted]. */
    private final long[][] confusion = new long[n][n];

    private long total;

    public void add(Emotion gold, Emotion predicted) {
        confusion[gold.ordinal()][predicted.ordinal()]++;
        total++;
    }

    public void add(int gold, int predicted) {
        confusion[gold][predicted]++;
        total++;
    }

    public long total() {
        return total;
    }

    public double accuracy() {
        long ok = 0;
        for (int i = 0; i < n; i++) {
            ok += confusion[i][i];
        }
        return total == 0 ? 0 : (double) ok / total;
    }

    public double precision(int c) {
        long col = 0;
        for (int g = 0; g < n; g++) {
            col += confusion[g][c];
        }
        return col == 0 ? 0 : (double) confusion[c][c] / col;
    }

    public double recall(int c) {
        long row = 0;
        for (int p = 0; p < n; p++) {
            row += confusion[c][p];
        }
        return row == 0 ? 0 : (double) confusion[c][c] / row;
    }

    public double f1(int c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of the seven per-class F1 scores. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < n; c++) {
            s += f1(c);
        }
        return s / n;
    }

    public long[][] confusion() {
        long[][] copy = new long[n][];
        for (int i = 0; i < n; i++) {
            copy[i] = confusion[i].clone();
        }
        return copy;
    }

    /** Summary for the model card. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rows", total);
        m.put("accuracy", round(accuracy()));
        m.put("macro_f1", round(macroF1()));
        Map<String, Object> f1 = new LinkedHashMap<>();
        for (Emotion e : Emotion.ALL) {
            f1.put(e.label(), round(f1(e.ordinal())));
        }
        m.put("f1", f1);
        m.put("confusion_gold_rows_predicted_columns", confusion());
        return m;
    }

    public static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }

    /** The report printed by {@code model evaluate}. */
    public String report() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "rows=%d%n", total));
        sb.append(String.format(Locale.ROOT, "accuracy=%.4f%n", accuracy()));
        sb.append(String.format(Locale.ROOT, "macro_f1=%.4f%n", macroF1()));
        sb.append(
                String.format(Locale.ROOT, "%-9s %9s %9s %9s %7s%n", "class", "precision", "recall", "f1", "support"));
        for (Emotion e : Emotion.ALL) {
            int c = e.ordinal();
            long support = 0;
            for (int p = 0; p < n; p++) {
                support += confusion[c][p];
            }
            sb.append(String.format(
                    Locale.ROOT, "%-9s %9.4f %9.4f %9.4f %7d%n", e.label(), precision(c), recall(c), f1(c), support));
        }
        sb.append("confusion matrix (rows: gold, columns: predicted)\n");
        sb.append(String.format(Locale.ROOT, "%-9s", ""));
        for (Emotion e : Emotion.ALL) {
            sb.append(String.format(Locale.ROOT, " %8s", e.label()));
        }
        sb.append('\n');
        for (Emotion g : Emotion.ALL) {
            sb.append(String.format(Locale.ROOT, "%-9s", g.label()));
            for (int p = 0; p < n; p++) {
                sb.append(String.format(Locale.ROOT, " %8d", confusion[g.ordinal()][p]));
            }
            sb.append('\n');
        }
        return sb.toString();
    }
}
