package dev.streamer.edge;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Topics;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;

/** Reads what the service produced from the activity topic with a plain consumer. */
public final class Events {

    public record Received(String key, ActivityEvent event) {
    }

    private Events() {
    }

    /** Reads from the beginning until {@code count} matching events were seen or the timeout passed. */
    public static List<Received> read(String bootstrap, Predicate<ActivityEvent> filter, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "edge-test-" + UUID.randomUUID());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.ACTIVITY));
            long deadline = System.nanoTime() + timeout.toNanos();
            while (out.size() < count && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    ActivityEvent e = EventCodec.decode(r.value());
                    if (filter.test(e)) {
                        out.add(new Received(r.key(), e));
                    }
                }
            }
        }
        return out;
    }

    public static List<Received> ofUser(String bootstrap, String userId, int count) {
        return read(bootstrap, e -> userId.equals(e.userId()), count, Duration.ofSeconds(20));
    }

    /** Waits a while for events that must not come: returns what arrived. */
    public static List<Received> noneOfUser(String bootstrap, String userId) {
        return read(bootstrap, e -> userId.equals(e.userId()), Integer.MAX_VALUE, Duration.ofSeconds(3));
    }
}
