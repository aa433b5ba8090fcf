package dev.streamer.flink.functions;

import dev.streamer.flink.records.Incoming;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.apache.flink.api.common.eventtime.TimestampAssigner;
import org.apache.flink.api.common.eventtime.TimestampAssignerSupplier;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkGeneratorSupplier;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;

/**
 * Event-time watermarks on {@code occurredAt}: bounded out-of-orderness while events flow, and wall-clock advance
 * when they stop, so that the last window fires even with no further traffic ({@code withIdleness} alone would
 * only exclude the idle partition and never move the watermark past the last window).
 *
 * <p>Per Kafka partition: watermark = max event time − bound − 1. Once the partition has had no event for
 * {@code idleAfter}, the watermark also advances by the wall-clock time elapsed since its last event: event time is
 * edge-api's acceptance time, so it follows the wall clock. That advance is only safe when the quiet means "no
 * traffic", not "the job is behind" (backpressure also stops records): so it starts after {@code idleAfter} only if
 * the last record was read fresh (written to Kafka at most {@code idleAfter} before it was read), otherwise after
 * {@value #STALE_FACTOR} × {@code idleAfter}. A partition that has had no event for {@code idleAfter}
 * since the generator started is marked idle so that it does not hold the others back. Rejected records (no event
 * time) do not move the watermark.
 *
 * <p>A partition quiet for {@value #CAUGHT_UP_FACTOR} × {@code idleAfter} (a minute by default) is taken to be caught
 * up whatever its last record was: its watermark is at least the wall clock − bound − {@code idleAfter}, as for a
 * partition whose last record was fresh. Without that, a partition whose last records were old (a replay from the
 * earliest offset, say) would advance from their time at wall-clock speed and hold every window back for as long as
 * the replay reached into the past. The price: a partition with a backlog whose reading stalls for a whole minute may
 * have its windows fired early; its events then still count (lateness is decided by their write time, not by the
 * watermark), unless their window's retention is over by then.
 */
public final class ActivityWatermarks implements WatermarkGenerator<Incoming> {

    static final int STALE_FACTOR = 4;
    static final int CAUGHT_UP_FACTOR = 12;

    private final long boundMillis;
    private final long idleAfterMillis;
    private final LongSupplier clock;

    private final long startedWallClock;
    private long maxTimestamp = Long.MIN_VALUE;
    private long lastEventWallClock;
    private boolean lastEventFresh;
    private long lastEmitted = Long.MIN_VALUE;

    public ActivityWatermarks(Duration outOfOrderness, Duration idleAfter, LongSupplier clock) {
        this.boundMillis = outOfOrderness.toMillis();
        this.idleAfterMillis = idleAfter.toMillis();
        this.clock = clock;
        this.startedWallClock = clock.getAsLong();
    }

    public static WatermarkStrategy<Incoming> strategy(Duration outOfOrderness, Duration idleAfter) {
        WatermarkGeneratorSupplier<Incoming> generators =
                ctx -> new ActivityWatermarks(outOfOrderness, idleAfter, System::currentTimeMillis);
        TimestampAssignerSupplier<Incoming> timestamps = ctx -> timestampAssigner();
        return WatermarkStrategy.forGenerator(generators).withTimestampAssigner(timestamps);
    }

    private static TimestampAssigner<Incoming> timestampAssigner() {
        return (in, recordTimestamp) -> in.activity() != null ? in.activity().occurredAt() : recordTimestamp;
    }

    @Override
    public void onEvent(Incoming event, long eventTimestamp, WatermarkOutput output) {
        if (event.activity() == null) {
            return;
        }
        if (eventTimestamp > maxTimestamp) {
            maxTimestamp = eventTimestamp;
        }
        lastEventWallClock = clock.getAsLong();
        lastEventFresh = lastEventWallClock - event.writtenAt() <= idleAfterMillis;
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        if (maxTimestamp == Long.MIN_VALUE) {
            // Not idle from the start: after a restore a partition with a backlog must hold the watermark back until
            // its first record is read, or the other partitions would fire its windows early.
            if (clock.getAsLong() - startedWallClock >= idleAfterMillis) {
                output.markIdle();
            }
            return;
        }
        long now = clock.getAsLong();
        long watermark = maxTimestamp - boundMillis - 1;
        long quiet = now - lastEventWallClock;
        if (quiet >= (lastEventFresh ? idleAfterMillis : STALE_FACTOR * idleAfterMillis)) {
            watermark += quiet;
        }
        if (quiet >= CAUGHT_UP_FACTOR * idleAfterMillis) {
            watermark = Math.max(watermark, now - boundMillis - 1 - idleAfterMillis);
        }
        if (watermark > lastEmitted) {
            lastEmitted = watermark;
            output.emitWatermark(new Watermark(watermark));
        }
    }
}
