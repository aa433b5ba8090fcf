package dev.streamer.flink;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.flink.functions.ActivityDeserializer;
import dev.streamer.flink.records.Incoming;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;

/**
 * A bounded activity log in place of the Kafka topic: each record (key, value bytes, write time) is decoded by the
 * job's own {@link ActivityDeserializer}, so malformed values take the same path as from Kafka. With one source
 * subtask the records come in the order they were added, as from one partition.
 */
final class BoundedActivity implements GeneratorFunction<Long, Incoming> {

    private static final long serialVersionUID = 1L;

    private final ArrayList<byte[]> keys = new ArrayList<>();
    private final ArrayList<byte[]> values = new ArrayList<>();
    private final ArrayList<Long> writtenAt = new ArrayList<>();

    /** Each event, keyed by its community, written 10 ms after it occurred. */
    BoundedActivity add(ActivityEvent... events) {
        for (ActivityEvent e : events) {
            add(e.communityId(), EventCodec.encode(e), e.occurredAt() + 10);
        }
        return this;
    }

    BoundedActivity add(String key, byte[] value, long writtenAtMillis) {
        keys.add(key == null ? null : key.getBytes(StandardCharsets.UTF_8));
        values.add(value);
        writtenAt.add(writtenAtMillis);
        return this;
    }

    DataGeneratorSource<Incoming> source() {
        return new DataGeneratorSource<>(this, values.size(), TypeInformation.of(Incoming.class));
    }

    @Override
    public Incoming map(Long index) {
        int i = index.intValue();
        byte[] key = keys.get(i);
        byte[] value = values.get(i);
        return ActivityDeserializer.decode(new ConsumerRecord<>(
                "activity",
                0,
                i,
                writtenAt.get(i),
                TimestampType.CREATE_TIME,
                key == null ? -1 : key.length,
                value == null ? -1 : value.length,
                key,
                value,
                new RecordHeaders(),
                Optional.empty()));
    }

    List<byte[]> values() {
        return values;
    }
}
