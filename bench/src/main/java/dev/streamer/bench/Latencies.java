package dev.streamer.bench;

import java.util.Arrays;
import java.util.Locale;

/** Measured durations in microseconds and their percentiles (nearest rank), shown in milliseconds. */
record Latencies(long[] sortedMicros) {

    static Latencies ofMicros(long[] micros) {
        long[] sorted = micros.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    static Latencies ofMillis(long[] millis) {
        return ofMicros(Arrays.stream(millis).map(m -> m * 1000).toArray());
    }

    int count() {
        return sortedMicros.length;
    }

    /** In milliseconds; NaN when there are no samples. */
    double percentileMillis(double p) {
        if (sortedMicros.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p * sortedMicros.length);
        return sortedMicros[Math.max(0, Math.min(sortedMicros.length - 1, rank - 1))] / 1000.0;
    }

    double p50() {
        return percentileMillis(0.50);
    }

    double p99() {
        return percentileMillis(0.99);
    }

    double max() {
        return percentileMillis(1.0);
    }

    String summary() {
        return count() == 0
                ? "no samples"
                : String.format(
                        Locale.ROOT,
                        "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d samples)",
                        p50(),
                        p99(),
                        max(),
                        count());
    }
}
