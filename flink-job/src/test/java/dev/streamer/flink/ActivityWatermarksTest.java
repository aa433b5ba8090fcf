package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.flink.functions.ActivityWatermarks;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Incoming;
import java.time.Duration;
import java.util.UUID;
import org.apache.flink.api.common.eventtime.Watermark;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.junit.jupiter.api.Test;

class ActivityWatermarksTest {

    private long now = 1_000_000;
    private final Output out = new Output();
    private final ActivityWatermarks generator =
            new ActivityWatermarks(Duration.ofSeconds(5), Duration.ofSeconds(2), () -> now);

    private static final class Output implements WatermarkOutput {
        Long watermark;
        boolean idle;

        @Override
        public void emitWatermark(Watermark w) {
            watermark = w.getTimestamp();
            idle = false;
        }

        @Override
        public void markIdle() {
            idle = true;
        }

        @Override
        public void markActive() {
            idle = false;
        }
    }

    private void event(long eventTime, long writtenAt) {
        Incoming in = Incoming.accepted(Activity.of(
                ActivityEvent.signedIn(
                        UUID.randomUUID().toString(),
                        "facebook",
                        UUID.randomUUID().toString(),
                        eventTime),
                writtenAt));
        generator.onEvent(in, eventTime, out);
    }

    @Test
    void boundedOutOfOrdernessWhileEventsFlow() {
        event(50_000, now);
        event(40_000, now);
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(50_000 - 5_000 - 1);
    }

    @Test
    void advancesWithTheWallClockOnceQuietAfterAFreshRecord() {
        event(50_000, now);
        now += 1_999;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(44_999);
        now += 1;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(44_999 + 2_000);
        now += 10_000;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(44_999 + 12_000);
    }

    @Test
    void waitsLongerWhenTheLastRecordWasReadLate() {
        event(50_000, now - 60_000); // written a minute before it was read: the job was behind
        now += 7_999;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(44_999);
        now += 1;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(44_999 + 8_000);
    }

    @Test
    void aPartitionQuietForAMinuteIsCaughtUpEvenIfItsLastRecordsWereOld() {
        // a replay from the earliest offset: the partition's last record is from hours before the wall clock
        event(50_000, 50_000);
        now += 23_999; // 12 × idle-after is 24 s here
        generator.onPeriodicEmit(out);
        assertThat(out.watermark)
                .as("until then it only advances from the old record's time")
                .isEqualTo(44_999 + 23_999);
        now += 1;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).as("then the wall clock − bound − idle-after").isEqualTo(now - 5_000 - 1 - 2_000);
        now += 1_000;
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(now - 5_000 - 1 - 2_000);
    }

    @Test
    void aPartitionWithoutEventsIsIdleOnlyAfterTheIdleTime() {
        generator.onPeriodicEmit(out);
        assertThat(out.idle).isFalse();
        assertThat(out.watermark).isNull();
        now += 2_000;
        generator.onPeriodicEmit(out);
        assertThat(out.idle).isTrue();
    }

    @Test
    void neverGoesBack() {
        event(50_000, now);
        now += 5_000;
        generator.onPeriodicEmit(out);
        long advanced = out.watermark;
        event(46_000, now);
        generator.onPeriodicEmit(out);
        assertThat(out.watermark).isEqualTo(advanced);
    }
}
