package dev.streamer.edge.health;

import java.util.OptionalDouble;

/**
 * A per-second rate from a cumulative counter, by two samples: the previous one is kept here. A sample closer than
 * {@code minIntervalMs} to the previous one does not replace it (the last rate is answered again), so readers that ask
 * often do not shrink the interval to noise. A counter that went down (its process restarted) gives no rate until the
 * next sample.
 */
public final class RateMeter {

    private final long minIntervalMs;
    private long lastAt = -1;
    private double lastValue;
    private OptionalDouble lastRate = OptionalDouble.empty();

    public RateMeter(long minIntervalMs) {
        this.minIntervalMs = minIntervalMs;
    }

    /** Records {@code value} taken at {@code atMs}; the rate over the last interval, empty after one sample or a reset. */
    public synchronized OptionalDouble sample(long atMs, double value) {
        if (lastAt >= 0 && atMs - lastAt < minIntervalMs) {
            return lastRate;
        }
        if (lastAt < 0 || value < lastValue) {
            lastRate = OptionalDouble.empty();
        } else {
            lastRate = OptionalDouble.of((value - lastValue) * 1000.0 / (atMs - lastAt));
        }
        lastAt = atMs;
        lastValue = value;
        return lastRate;
    }

    /** Forgets the previous sample: the source was unavailable, so the next interval would span the outage. */
    public synchronized void reset() {
        lastAt = -1;
        lastRate = OptionalDouble.empty();
    }
}
