package dev.streamer.flink;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Reads a topic from the beginning on its own thread and keeps every record, stamped with the wall-clock arrival. */
final class TopicWatcher<T> implements AutoCloseable {

    record Received<T>(String key, T value, long receivedAt, ConsumerRecord<String, byte[]> record) {}

    private final List<Received<T>> received = new ArrayList<>();
    private final Thread thread;
    private volatile boolean running = true;

    TopicWatcher(KafkaConsumer<String, byte[]> consumer, String topic, Function<byte[], T> decoder) {
        thread = new Thread(
                () -> {
                    try (consumer) {
                        consumer.subscribe(List.of(topic));
                        while (running) {
                            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(50))) {
                                long now = System.currentTimeMillis();
                                synchronized (received) {
                                    received.add(new Received<>(r.key(), decoder.apply(r.value()), now, r));
                                }
                            }
                        }
                    }
                },
                "watch-" + topic);
        thread.setDaemon(true);
        thread.start();
    }

    List<Received<T>> all() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    List<T> values() {
        return all().stream().map(Received::value).toList();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        thread.join(5_000);
    }
}
