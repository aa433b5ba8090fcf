package dev.streamer.edge.health;

import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.WindowResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

/**
 * Window end → result published, from the analytics topic itself: the newest first results (not late updates) and
 * their Kafka timestamps (the job's producer sets CreateTime when it publishes). The figure is the newest window's
 * slowest community. Used while live-push does not export {@code streamer.push.window.delay}.
 */
public final class WindowDelayReader {

    /** The newest window's end and how long after it its (slowest) first result was published. */
    public record WindowDelay(long windowEnd, long delayMs) {}

    private final Consumer<byte[], byte[]> consumer;
    private final String topic;
    private final int tail;
    private final Duration timeout;

    public WindowDelayReader(Consumer<byte[], byte[]> consumer, String topic, int tail, Duration timeout) {
        this.consumer = consumer;
        this.topic = topic;
        this.tail = tail;
        this.timeout = timeout;
    }

    /** Reads the last {@code tail} records of every partition; empty when no first result is among them. */
    public synchronized Optional<WindowDelay> newest() {
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(topic, timeout)) {
            partitions.add(new TopicPartition(topic, p.partition()));
        }
        consumer.assign(partitions);
        Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, timeout);
        Map<TopicPartition, Long> begins = consumer.beginningOffsets(partitions, timeout);
        List<TopicPartition> pending = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            long end = ends.getOrDefault(tp, 0L);
            if (end > begins.getOrDefault(tp, 0L)) {
                consumer.seek(tp, Math.max(begins.get(tp), end - tail));
                pending.add(tp);
            }
        }
        consumer.pause(partitions);
        consumer.resume(pending);
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty() && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(100)).forEach(records::add);
            pending.removeIf(tp -> consumer.position(tp, timeout) >= ends.get(tp));
        }
        return newest(records);
    }

    static Optional<WindowDelay> newest(List<ConsumerRecord<byte[], byte[]>> records) {
        WindowDelay best = null;
        for (ConsumerRecord<byte[], byte[]> r : records) {
            WindowResult w;
            try {
                w = ResultCodec.decodeWindowResult(r.value());
            } catch (RuntimeException e) {
                continue; // not a window result: nothing to measure
            }
            if (w.update()) {
                continue;
            }
            long delay = r.timestamp() - w.windowEnd();
            if (best == null
                    || w.windowEnd() > best.windowEnd()
                    || (w.windowEnd() == best.windowEnd() && delay > best.delayMs())) {
                best = new WindowDelay(w.windowEnd(), delay);
            }
        }
        return Optional.ofNullable(best);
    }
}
