package dev.streamer.bench;

import java.util.Arrays;

/** A growing array of longs for one writer at a time. */
final class Growable {
    private long[] values = new long[1024];
    private int size;

    void add(long v) {
        if (size == values.length) {
            values = Arrays.copyOf(values, size * 2);
        }
        values[size++] = v;
    }

    int size() {
        return size;
    }

    long[] toArray() {
        return Arrays.copyOf(values, size);
    }

    static long[] concat(Iterable<Growable> parts) {
        int n = 0;
        for (Growable g : parts) {
            n += g.size;
        }
        long[] out = new long[n];
        int at = 0;
        for (Growable g : parts) {
            System.arraycopy(g.values, 0, out, at, g.size);
            at += g.size;
        }
        return out;
    }
}
