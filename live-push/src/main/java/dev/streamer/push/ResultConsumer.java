package dev.streamer.push;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetOutOfRangeException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

/**
 * Reads {@link Topics#ANALYTICS} and {@link Topics#FEED}, every partition, without a consumer group: each instance
 * receives every record, so instances scale out behind a plain load balancer. Each new record is encoded once and
 * handed to the {@link Router}; a replayed one is dropped by the {@link ReplayFilter}.
 * <p>
 * It starts at the end of each partition and then keeps its position: a broker outage only pauses it, and a consumer
 * re-created after an error resumes where the last one was. Whenever records may have been skipped — positioned at the
 * end while clients are connected, or a position that no longer exists on the broker (records deleted before they were
 * read, a broker that lost its data) — every open connection is sent {@code {"type":"resync"}} so the client reloads
 * what it shows. Partitions added to a topic are read from their beginning, so nothing of them is missed.
 */
@ApplicationScoped
public class ResultConsumer {

    private static final Logger LOG = Logger.getLogger(ResultConsumer.class);
    private static final List<String> TOPICS = List.of(Topics.ANALYTICS, Topics.FEED);
    private static final long LAG_INTERVAL_MS = 1_000;
    private static final long PARTITION_CHECK_MS = 30_000;

    private final String bootstrapServers;
    private final Router router;
    private final PushMetrics metrics;
    private final ReplayFilter replays;
    /** Next offset to read per partition; outlives a consumer that failed. Consumer thread only. */
    private final Map<TopicPartition, Long> positions = new HashMap<>();
    /** Partitions that existed when reading started or were added since. Consumer thread only. */
    private final Set<TopicPartition> known = new HashSet<>();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile boolean running;
    private volatile boolean assigned;
    private volatile long lastPollOk;
    private volatile String lastError;
    private Thread thread;

    public ResultConsumer(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers, Router router,
                          PushMetrics metrics, PushConfig config) {
        this.bootstrapServers = bootstrapServers;
        this.router = router;
        this.metrics = metrics;
        this.replays = new ReplayFilter(config.replayMemory());
    }

    void onStart(@Observes StartupEvent event) {
        running = true;
        thread = new Thread(this::run, "push-result-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    /** True while every partition of both topics is assigned and the last poll succeeded within {@code maxAgeMs}. */
    public boolean healthy(long maxAgeMs) {
        return assigned && System.currentTimeMillis() - lastPollOk < maxAgeMs;
    }

    public String lastError() {
        return lastError;
    }

    private void run() {
        while (running) {
            try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(properties())) {
                consumer = c;
                position(c, partitions(c));
                poll(c);
            } catch (WakeupException e) {
                return;
            } catch (RuntimeException e) {
                assigned = false;
                lastError = e.toString();
                LOG.warnf("result consumer failed, retrying in 2 s from where it was: %s", e.toString());
                sleep(2_000);
            }
        }
    }

    private static List<TopicPartition> partitions(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : TOPICS) {
            List<PartitionInfo> infos = c.partitionsFor(topic, Duration.ofSeconds(10));
            if (infos == null || infos.isEmpty()) {
                throw new IllegalStateException("topic " + topic + " has no partitions (not created yet?)");
            }
            infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        }
        return partitions;
    }

    /**
     * Assigns the partitions: a known position is resumed; a partition never read starts at the end the first time
     * (a resync for clients already connected) and at its beginning when it was added later.
     */
    private void position(KafkaConsumer<String, byte[]> c, List<TopicPartition> partitions) {
        boolean firstTime = known.isEmpty();
        c.assign(partitions);
        List<TopicPartition> atEnd = new ArrayList<>();
        List<TopicPartition> added = new ArrayList<>();
        for (TopicPartition tp : partitions) {
            Long at = positions.get(tp);
            if (at != null) {
                c.seek(tp, at);
            } else if (firstTime || known.contains(tp)) {
                atEnd.add(tp);
            } else {
                added.add(tp);
            }
        }
        known.addAll(partitions);
        c.seekToEnd(atEnd);
        c.seekToBeginning(added);
        for (TopicPartition tp : partitions) {
            positions.put(tp, c.position(tp)); // resolves "end" and "beginning" now
        }
        assigned = true;
        lastPollOk = System.currentTimeMillis();
        lastError = null;
        LOG.infof("reading %d partitions of %s (%d from their end, %d added ones from their beginning, the rest where"
                + " reading stopped)", partitions.size(), TOPICS, atEnd.size(), added.size());
        if (!atEnd.isEmpty()) {
            resync("positioned at the end of " + atEnd);
        }
    }

    private void poll(KafkaConsumer<String, byte[]> c) {
        long nextLag = 0;
        long nextPartitionCheck = System.currentTimeMillis() + PARTITION_CHECK_MS;
        while (running) {
            ConsumerRecords<String, byte[]> records;
            try {
                records = c.poll(Duration.ofMillis(500));
            } catch (OffsetOutOfRangeException e) {
                // the records at our position are gone (deleted before they were read, or the broker lost its data)
                Set<TopicPartition> lost = e.partitions();
                c.seekToEnd(lost);
                for (TopicPartition tp : lost) {
                    positions.put(tp, c.position(tp));
                }
                resync("positions out of range on " + lost);
                continue;
            }
            for (ConsumerRecord<String, byte[]> record : records) {
                handle(record);
                positions.put(new TopicPartition(record.topic(), record.partition()), record.offset() + 1);
            }
            long now = System.currentTimeMillis();
            lastPollOk = now;
            if (now >= nextLag) {
                metrics.consumerLag(lag(c));
                nextLag = now + LAG_INTERVAL_MS;
            }
            if (now >= nextPartitionCheck) {
                nextPartitionCheck = now + PARTITION_CHECK_MS;
                addNewPartitions(c);
            }
        }
    }

    /** Picks up partitions added to the topics; a broker that cannot be asked now is asked again next time. */
    private void addNewPartitions(KafkaConsumer<String, byte[]> c) {
        List<TopicPartition> now;
        try {
            now = partitions(c);
        } catch (RuntimeException e) {
            LOG.debugf("could not check the topics' partitions: %s", e.toString());
            return;
        }
        if (!known.containsAll(now)) {
            Set<TopicPartition> all = new HashSet<>(c.assignment());
            all.addAll(now);
            position(c, List.copyOf(all));
        }
    }

    private void resync(String why) {
        int clients = router.resyncAll(Messages.resync());
        metrics.resync();
        LOG.infof("told %d open connection(s) to reload (resync): %s", clients, why);
    }

    private static long lag(KafkaConsumer<String, byte[]> c) {
        long total = 0;
        for (TopicPartition tp : c.assignment()) {
            total += c.currentLag(tp).orElse(0);
        }
        return total;
    }

    void handle(ConsumerRecord<String, byte[]> record) {
        metrics.recordReceived(record.topic());
        try {
            if (Topics.ANALYTICS.equals(record.topic())) {
                WindowResult window = ResultCodec.decodeWindowResult(record.value());
                requireCommunity(window.communityId());
                if (replays.isNew("w:" + window.key(), window.revision())) {
                    router.routeAnalytics(window.communityId(), Messages.analytics(window));
                    metrics.recordRouted(record.timestamp());
                } else {
                    metrics.recordSuppressed();
                }
            } else {
                FeedPost post = ResultCodec.decodeFeedPost(record.value());
                requireCommunity(post.communityId());
                if (post.postId() == null || !Limits.UUID.matcher(post.postId()).matches()) {
                    throw new IllegalArgumentException("postId missing or not a UUID");
                }
                if (replays.isNew("p:" + post.postId(), post.version())) {
                    router.routePost(post.communityId(), Messages.post(post));
                    metrics.recordRouted(record.timestamp());
                } else {
                    metrics.recordSuppressed();
                }
            }
        } catch (RuntimeException e) { // ContractViolation, or a record without the fields routing needs
            metrics.recordRejected();
            LOG.warnf("skipping undecodable record %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private static void requireCommunity(String communityId) {
        if (communityId == null || !Limits.COMMUNITY_ID.matcher(communityId).matches()) {
            throw new IllegalArgumentException("communityId missing or malformed");
        }
    }

    private Properties properties() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "live-push-" + UUID.randomUUID());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // never jump silently: a position that does not exist any more is handled in poll() (resync)
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "none");
        p.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, (int) PARTITION_CHECK_MS);
        p.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false); // topics are created by bin/streamer
        p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 100);
        // A poll's records are offered to every client at once: keep bursts well below streamer.push.buffer-size.
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        return p;
    }

    private void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
