package dev.streamer.edge.health;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/** Offsets read with the Kafka Admin API: a consumer group's lag per partition, a topic's end offsets. */
public final class KafkaPositions {

    /** One partition: its end offset, the group's committed offset (null: none yet) and the difference. */
    public record PartitionLag(int partition, long endOffset, Long committedOffset, long lag) {}

    private final Admin admin;
    private final Duration timeout;

    public KafkaPositions(Admin admin, Duration timeout) {
        this.admin = admin;
        this.timeout = timeout;
    }

    /** End offset minus the group's committed offset, for every partition of {@code topic}. */
    public List<PartitionLag> lag(String group, String topic) throws Exception {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(
                        group, new ListConsumerGroupOffsetsOptions().timeoutMs(timeoutMs()))
                .partitionsToOffsetAndMetadata()
                .get(timeoutMs(), TimeUnit.MILLISECONDS);
        return ends.entrySet().stream()
                .map(e -> {
                    OffsetAndMetadata c = committed.get(e.getKey());
                    Long at = c == null ? null : c.offset();
                    // no commit yet: everything in the partition is still to be read by the group
                    long lag = Math.max(0, e.getValue() - (at == null ? 0 : at));
                    return new PartitionLag(e.getKey().partition(), e.getValue(), at, lag);
                })
                .toList();
    }

    /** The sum of the end offsets of {@code topic}: how many records were ever written to it. */
    public long records(String topic) throws Exception {
        return endOffsets(topic).values().stream().mapToLong(Long::longValue).sum();
    }

    private Map<TopicPartition, Long> endOffsets(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic))
                .allTopicNames()
                .get(timeoutMs(), TimeUnit.MILLISECONDS)
                .get(topic);
        Map<TopicPartition, OffsetSpec> latest = d.partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(
                        latest, new ListOffsetsOptions().timeoutMs(timeoutMs()))
                .all()
                .get(timeoutMs(), TimeUnit.MILLISECONDS);
        return ends.entrySet().stream()
                .collect(Collectors.toMap(
                        Map.Entry::getKey,
                        e -> e.getValue().offset(),
                        (a, b) -> a,
                        () -> new TreeMap<>(java.util.Comparator.comparingInt(TopicPartition::partition))));
    }

    private int timeoutMs() {
        return (int) timeout.toMillis();
    }
}
