package dev.streamer.generator;

import java.util.concurrent.TimeUnit;

/**
 * Open-loop schedule: tick {@code i} is due at {@code start + i / rate}. A caller that fell behind (every worker busy)
 * catches up with back-to-back ticks, but never by more than one second's worth, so a stall does not become a burst.
 */
public final class Pacer {

    /** The time a pacer reads and waits on: the JVM's monotonic clock, or a test's. */
    public interface Clock {
        long nanoTime();

        void sleepNanos(long nanos) throws InterruptedException;

        Clock SYSTEM = new Clock() {
            @Override
            public long nanoTime() {
                return System.nanoTime();
            }

            @Override
            public void sleepNanos(long nanos) throws InterruptedException {
                TimeUnit.NANOSECONDS.sleep(nanos);
            }
        };
    }

    private final double rate;
    private final long periodNanos;
    private final Clock clock;
    private long nextNanos;

    public Pacer(double rate) {
        this(rate, Clock.SYSTEM);
    }

    public Pacer(double rate, Clock clock) {
        if (!(rate > 0)) {
            throw new IllegalArgumentException("rate must be > 0, was " + rate);
        }
        this.rate = rate;
        this.periodNanos = Math.max(1, Math.round(1e9 / rate));
        this.clock = clock;
        this.nextNanos = clock.nanoTime();
    }

    public double rate() {
        return rate;
    }

    /** Sleeps until the next tick is due, or until {@code deadlineNanos}; false when the deadline came first. */
    public boolean awaitNext(long deadlineNanos) throws InterruptedException {
        long now = clock.nanoTime();
        long maxLag = TimeUnit.SECONDS.toNanos(1);
        if (now - nextNanos > maxLag) {
            nextNanos = now - maxLag;
        }
        long due = nextNanos;
        if (due - deadlineNanos >= 0) {
            return false;
        }
        long wait = due - now;
        if (wait > 0) {
            clock.sleepNanos(wait);
        }
        nextNanos += periodNanos;
        return true;
    }
}
