package dev.streamer.push;

import dev.streamer.contract.Topics;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.reactive.messaging.kafka.KafkaConsumerRebalanceListener;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

/**
 * Where each result partition is read, for both channels (their rebalance listener, {@code
 * consumer-rebalance-listener.name=result-positions}). The consumers have a group of their own per instance and commit
 * nothing, so the broker keeps no position for them: this class does.
 * <ul>
 *   <li>A topic's partitions start at their end the first time (records from before the start are not replayed;
 *       clients already connected are told to resync). A partition added to a topic later starts at its beginning.</li>
 *   <li>A partition assigned again (the group was lost while the broker was away) resumes at the next offset not yet
 *       received, so an outage costs nothing.</li>
 *   <li>Records may have been missed when a partition's offsets jump: forward (records deleted before they were read)
 *       or backward (the broker lost its data and the consumer, {@code auto.offset.reset=latest}, moved to the new
 *       end). Then every open connection is sent {@code resync}. The result topics are written without transactions,
 *       so offsets in a partition are consecutive and any jump is a loss.</li>
 * </ul>
 * The assignment callbacks and {@link #check} run on a channel's polling thread, {@link #received} on the thread
 * that delivers its records; the positions are guarded by {@code this}.
 */
@ApplicationScoped
@Default // injected by the other beans too, not only looked up by name by the Kafka connector
@Identifier("result-positions")
public class ResultPositions implements KafkaConsumerRebalanceListener {

    private static final Logger LOG = Logger.getLogger(ResultPositions.class);
    static final List<String> TOPICS = List.of(Topics.ANALYTICS, Topics.FEED);

    private final Router router;
    private final PushMetrics metrics;
    /** Next offset to receive per partition; outlives an assignment that was lost. */
    private final Map<TopicPartition, Long> next = new HashMap<>();
    /** Topics whose partitions were assigned at least once. */
    private final Set<String> started = new HashSet<>();

    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final Map<String, Long> lagByTopic = new ConcurrentHashMap<>();
    private final Map<String, Long> lastCheckByTopic = new ConcurrentHashMap<>();

    public ResultPositions(Router router, PushMetrics metrics) {
        this.router = router;
        this.metrics = metrics;
    }

    @Override
    public void onPartitionsAssigned(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        List<TopicPartition> atEnd = new ArrayList<>();
        List<TopicPartition> added = new ArrayList<>();
        int resumed = 0;
        synchronized (this) {
            for (TopicPartition tp : partitions) {
                Long at = next.get(tp);
                if (at != null) {
                    LOG.debugf("%s resumes at offset %d", tp, at);
                    consumer.seek(tp, at);
                    resumed++;
                } else if (!started.contains(tp.topic())) {
                    atEnd.add(tp);
                } else {
                    added.add(tp);
                }
            }
            if (!atEnd.isEmpty()) { // an empty collection would mean every assigned partition
                consumer.seekToEnd(atEnd);
            }
            if (!added.isEmpty()) {
                consumer.seekToBeginning(added);
            }
            for (TopicPartition tp : atEnd) {
                next.put(tp, consumer.position(tp)); // resolves "end" now: later records are all received
            }
            for (TopicPartition tp : added) {
                next.put(tp, consumer.position(tp));
            }
            partitions.forEach(tp -> started.add(tp.topic()));
        }
        assigned.addAll(partitions);
        LOG.infof(
                "assigned %d partition(s) %s: %d from their end, %d added ones from their beginning, %d where reading"
                        + " stopped",
                partitions.size(), partitions, atEnd.size(), added.size(), resumed);
        if (!atEnd.isEmpty()) {
            resync("positioned at the end of " + atEnd);
        }
    }

    @Override
    public void onPartitionsRevoked(Consumer<?, ?> consumer, Collection<TopicPartition> partitions) {
        assigned.removeAll(partitions);
    }

    /** A record was received: a jump from the offset expected means records were lost. */
    public void received(String topic, int partition, long offset) {
        TopicPartition tp = new TopicPartition(topic, partition);
        Long expected;
        synchronized (this) {
            expected = next.put(tp, offset + 1);
        }
        if (expected == null || offset == expected) {
            return;
        }
        resync(
                offset > expected
                        ? "offsets " + expected + ".." + (offset - 1) + " of " + tp
                                + " were deleted before they were read"
                        : tp + " starts again at offset " + offset + ", before " + expected
                                + " (the broker lost records)");
    }

    /**
     * Polling thread, every second: the consumer lag, and a position that went back behind what was received (the
     * broker lost its data and the consumer moved to the new end) while no record has come since to show it.
     */
    public void check(Consumer<?, ?> consumer) {
        long now = System.currentTimeMillis();
        Map<String, Long> lag = new HashMap<>();
        consumer.subscription().forEach(topic -> lag.put(topic, 0L));
        List<String> behind = new ArrayList<>();
        for (TopicPartition tp : consumer.assignment()) {
            lag.merge(tp.topic(), consumer.currentLag(tp).orElse(0), Long::sum);
            long position;
            try {
                position = consumer.position(tp, Duration.ZERO);
            } catch (TimeoutException e) {
                continue; // being reset right now: looked at again next time
            }
            synchronized (this) {
                Long expected = next.get(tp);
                if (expected != null && position < expected) {
                    next.put(tp, position);
                    behind.add(tp + " at " + position + " after " + expected);
                }
            }
        }
        lagByTopic.putAll(lag);
        metrics.consumerLag(
                lagByTopic.values().stream().mapToLong(Long::longValue).sum());
        consumer.subscription().forEach(topic -> lastCheckByTopic.put(topic, now));
        if (!behind.isEmpty()) {
            resync("the broker lost records: " + behind);
        }
    }

    /** True while both topics have partitions assigned and both polling threads ran a check within {@code maxAgeMs}. */
    public boolean healthy(long maxAgeMs) {
        long now = System.currentTimeMillis();
        for (String topic : TOPICS) {
            Long last = lastCheckByTopic.get(topic);
            if (last == null
                    || now - last >= maxAgeMs
                    || assigned.stream().noneMatch(tp -> tp.topic().equals(topic))) {
                return false;
            }
        }
        return true;
    }

    private void resync(String why) {
        int clients = router.resyncAll(Messages.resync());
        metrics.resync();
        LOG.infof("told %d open connection(s) to reload (resync): %s", clients, why);
    }
}
