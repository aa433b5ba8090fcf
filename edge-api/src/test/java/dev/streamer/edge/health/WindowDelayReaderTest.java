package dev.streamer.edge.health;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.junit.jupiter.api.Test;

class WindowDelayReaderTest {

    private static ConsumerRecord<byte[], byte[]> record(
            String community, long windowEnd, boolean update, long publishedAt) {
        WindowResult w = new WindowResult(
                community, windowEnd - 30_000, windowEnd, 1, 1, 0, 0, 0, EMPTY, update ? 1 : 0, 1, update);
        return new ConsumerRecord<>(
                Topics.ANALYTICS,
                0,
                0,
                publishedAt,
                TimestampType.CREATE_TIME,
                0,
                0,
                w.key().getBytes(),
                ResultCodec.encode(w),
                new RecordHeaders(),
                Optional.empty());
    }

    private static final EmotionCounts EMPTY = new EmotionCounts(0, 0, 0, 0, 0, 0, 0);

    @Test
    void theNewestWindowsSlowestFirstResultLateUpdatesAndOtherRecordsIgnored() {
        List<ConsumerRecord<byte[], byte[]>> records = List.of(
                record("skype", 60_000, false, 63_000),
                record("skype", 90_000, false, 92_000),
                record("facebook", 90_000, false, 94_500),
                // a late update of the newest window, published long after: not the window's delay
                record("twitter", 90_000, true, 150_000),
                new ConsumerRecord<>(Topics.ANALYTICS, 0, 1, "k".getBytes(), "not json".getBytes()));
        assertThat(WindowDelayReader.newest(records)).contains(new WindowDelayReader.WindowDelay(90_000, 4_500));
    }

    @Test
    void noFirstResultNoFigure() {
        assertThat(WindowDelayReader.newest(List.of(record("skype", 90_000, true, 95_000))))
                .isEmpty();
        assertThat(WindowDelayReader.newest(List.of())).isEmpty();
    }
}
