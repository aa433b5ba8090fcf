package dev.streamer.edge;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Topics;
import dev.streamer.infra.testing.TestKafka;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads what the service produced from the activity topic with a plain consumer. */
public final class Events {

    public record Received(String key, ActivityEvent event) {}

    private Events() {}

    /** Reads from the beginning until {@code count} matching events were seen or the timeout passed. */
    public static List<Received> read(String bootstrap, Predicate<ActivityEvent> filter, int count, Duration timeout) {
        List<Received> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = TestKafka.consumer(bootstrap)) {
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
