package dev.streamer.flink.functions;

import java.io.Serializable;
import java.time.Duration;

/**
 * The moments of a tumbling window that decide what it counts and how long it is kept, in epoch millis.
 *
 * <p>Whether an event is late is decided by when its Kafka record was written ({@code writtenAt}, stored in the log
 * and so the same in every replay), never by the watermark at the moment the job processes it:
 * <ul>
 *   <li><b>on time</b>: written by the window's end + the out-of-orderness bound;</li>
 *   <li><b>late</b>: written after that and by {@link #appliedUntil} (+ the allowed lateness): applied, and counted
 *       in {@code lateEvents};</li>
 *   <li><b>too late</b>: written after that and by {@link #retainedUntil} (+ the retention): counted in
 *       {@code lateEvents} only;</li>
 *   <li>later still: not counted (metric only).</li>
 * </ul>
 * The watermark decides only when a window's first result is emitted ({@link #lastMs}) and when its state is dropped:
 * at a watermark of {@link #retainedUntil}, which a record written by then cannot pass, because a partition's
 * watermark stays an out-of-orderness bound behind the event times (at most the write times) of what it has read.
 */
final class WindowTimes implements Serializable {

    private static final long serialVersionUID = 1L;

    final long size;
    private final long bound;
    private final long lateness;
    private final long retention;

    WindowTimes(Duration size, Duration outOfOrderness, Duration allowedLateness, Duration retention) {
        this.size = size.toMillis();
        this.bound = outOfOrderness.toMillis();
        this.lateness = allowedLateness.toMillis();
        this.retention = retention.toMillis();
    }

    long startOf(long time) {
        return time - Math.floorMod(time, size);
    }

    long end(long start) {
        return start + size;
    }

    /** The window's last millisecond: its first result is due when the watermark reaches it. */
    long lastMs(long start) {
        return end(start) - 1;
    }

    /** An event written after this is late. */
    long onTimeUntil(long start) {
        return end(start) + bound;
    }

    /** A late event written after this is too late to be applied; it is only counted. */
    long appliedUntil(long start) {
        return onTimeUntil(start) + lateness;
    }

    /** How long a window's state is kept after its start: size + bound + allowed lateness + retention. */
    long keptSpan() {
        return retainedUntil(0);
    }

    /** An event written after this is not counted at all; at a watermark of this the window's state is dropped. */
    long retainedUntil(long start) {
        return appliedUntil(start) + retention;
    }
}
