package dev.streamer.push;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * Runs {@link ResultPositions#check} every second on each result channel's polling thread (the Kafka consumer is not
 * thread-safe: only that thread may ask it for positions and lag). A check still queued behind a long poll is not
 * queued twice.
 */
@ApplicationScoped
public class PositionWatch {

    private static final Logger LOG = Logger.getLogger(PositionWatch.class);
    static final List<String> CHANNELS = List.of("analytics", "feed");
    private static final long INTERVAL_MS = 1_000;

    private final Vertx vertx;
    private final KafkaClientService kafka;
    private final ResultPositions positions;
    private final Map<String, Boolean> pending = new ConcurrentHashMap<>();
    private long timer = -1;

    public PositionWatch(Vertx vertx, KafkaClientService kafka, ResultPositions positions) {
        this.vertx = vertx;
        this.kafka = kafka;
        this.positions = positions;
    }

    void onStart(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(INTERVAL_MS, id -> CHANNELS.forEach(this::check));
    }

    void onStop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private void check(String channel) {
        KafkaConsumer<Object, Object> consumer = kafka.getConsumer(channel);
        if (consumer == null || pending.putIfAbsent(channel, Boolean.TRUE) != null) {
            return;
        }
        consumer.runOnPollingThread(c -> {
                    positions.check(c);
                })
                .onTermination()
                .invoke(() -> pending.remove(channel))
                .subscribe()
                .with(done -> {}, e -> LOG.debugf("position check of %s failed: %s", channel, e.toString()));
    }
}
