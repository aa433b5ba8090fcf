package dev.streamer.flink.functions;

import org.apache.flink.streaming.api.TimerService;

import java.io.Serializable;
import java.time.Duration;

/**
 * The moments in a tumbling window's life that both window functions act on, in event-time millis: its last
 * millisecond (first result), the end of its allowed lateness (user and event sets dropped) and the end of its
 * retention (summary dropped).
 */
final class WindowTimes implements Serializable {

    private static final long serialVersionUID = 1L;

    final long size;
    private final long lateness;
    private final long retention;

    WindowTimes(Duration size, Duration allowedLateness, Duration retention) {
        this.size = size.toMillis();
        this.lateness = allowedLateness.toMillis();
        this.retention = retention.toMillis();
    }

    long startOf(long time) {
        return time - Math.floorMod(time, size);
    }

    long lastMs(long start) {
        return start + size - 1;
    }

    long closesAt(long start) {
        return lastMs(start) + lateness;
    }

    long expiresAt(long start) {
        return closesAt(start) + retention;
    }

    /** Timers for the three moments of the window that starts at {@code start}. */
    void registerTimers(TimerService timers, long start) {
        timers.registerEventTimeTimer(lastMs(start));
        timers.registerEventTimeTimer(closesAt(start));
        timers.registerEventTimeTimer(expiresAt(start));
    }
}
