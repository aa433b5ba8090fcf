package dev.streamer.bench;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * A plain Kafka consumer of the feed topic beside the WebSocket client: when each post's first record was written by
 * the job (its Kafka timestamp, set by the job's producer) and when a plain consumer could read it. With the post's
 * {@code createdAt} (edge-api's clock when it accepted the event) these split post → socket into hops: edge-api, the
 * job, Kafka, live-push. No consumer group: it reads every partition from its end when started.
 */
final class FeedTopicWatch implements AutoCloseable {

    /** The first record of one post on the feed topic. */
    record FirstRecord(long createdAt, long writtenAt, long readAt) {}

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final Map<String, FirstRecord> first = new ConcurrentHashMap<>();
    private final Thread thread;

    FeedTopicWatch(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        consumer = new KafkaConsumer<>(p);
        List<TopicPartition> partitions = consumer.partitionsFor(Topics.FEED, Duration.ofSeconds(30)).stream()
                .map(i -> new TopicPartition(i.topic(), i.partition()))
                .toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before the load starts
        thread = new Thread(this::poll, "feed-topic-watch");
        thread.setDaemon(true);
        thread.start();
    }

    private void poll() {
        try {
            while (!Thread.currentThread().isInterrupted()) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    long now = System.currentTimeMillis();
                    try {
                        FeedPost post = ResultCodec.decodeFeedPost(r.value());
                        first.putIfAbsent(post.postId(), new FirstRecord(post.createdAt(), r.timestamp(), now));
                    } catch (RuntimeException e) {
                        // not a feed post: nothing to time
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    FirstRecord first(String postId) {
        return first.get(postId);
    }

    @Override
    public void close() throws InterruptedException {
        consumer.wakeup();
        thread.join(10_000);
    }
}
