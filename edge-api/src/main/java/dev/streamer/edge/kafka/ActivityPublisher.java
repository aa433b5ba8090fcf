package dev.streamer.edge.kafka;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Topics;
import dev.streamer.edge.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Produces activity events (acks=all, idempotent). A future completes only when the broker acknowledged the record,
 * and fails with 503 within a bounded time when it did not: send() blocks at most {@code max.block.ms} (no metadata,
 * full buffer), a record waits at most {@code delivery.timeout.ms}, and the future has an overall timeout on top.
 */
@Singleton
public class ActivityPublisher {

    private static final Logger LOG = Logger.getLogger(ActivityPublisher.class);

    private final KafkaProducer<String, byte[]> producer;
    private final String topic;
    private final long ackTimeoutMs;
    private final Counter acked;
    private final Counter failed;

    ActivityPublisher(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap,
                      @ConfigProperty(name = "streamer.kafka.topic", defaultValue = Topics.ACTIVITY) String topic,
                      @ConfigProperty(name = "streamer.kafka.linger-ms", defaultValue = "10") int lingerMs,
                      @ConfigProperty(name = "streamer.kafka.batch-size", defaultValue = "131072") int batchSize,
                      @ConfigProperty(name = "streamer.kafka.compression", defaultValue = "none") String compression,
                      @ConfigProperty(name = "streamer.kafka.max-block", defaultValue = "PT1S") Duration maxBlock,
                      @ConfigProperty(name = "streamer.kafka.request-timeout", defaultValue = "PT1.5S") Duration requestTimeout,
                      @ConfigProperty(name = "streamer.kafka.delivery-timeout", defaultValue = "PT2.5S") Duration deliveryTimeout,
                      @ConfigProperty(name = "streamer.kafka.ack-timeout", defaultValue = "PT4S") Duration ackTimeout,
                      MeterRegistry registry) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "edge-api");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, lingerMs);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, batchSize);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) maxBlock.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) requestTimeout.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) deliveryTimeout.toMillis());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        this.producer = new KafkaProducer<>(p);
        this.topic = topic;
        this.ackTimeoutMs = ackTimeout.toMillis();
        this.acked = registry.counter("streamer.events.acknowledged");
        this.failed = registry.counter("streamer.events.failed");
    }

    /** Completes when Kafka acknowledged the event; fails with a 503 {@link ApiException} otherwise. */
    public CompletableFuture<ActivityEvent> publish(ActivityEvent event) {
        byte[] value = EventCodec.encode(event);
        CompletableFuture<ActivityEvent> result = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic, event.communityId(), value), (metadata, error) -> {
                if (error == null) {
                    acked.increment();
                    result.complete(event);
                } else {
                    result.completeExceptionally(unavailable(error));
                }
            });
        } catch (RuntimeException e) {
            // no metadata or a full buffer within max.block.ms, or the producer is closed
            result.completeExceptionally(unavailable(e));
        }
        return result.orTimeout(ackTimeoutMs, TimeUnit.MILLISECONDS)
                .exceptionallyCompose(e -> CompletableFuture.failedFuture(
                        e instanceof ApiException ? e : unavailable(e)));
    }

    /** Completes when every event was acknowledged. */
    public CompletableFuture<Void> publishAll(List<ActivityEvent> events) {
        return CompletableFuture.allOf(events.stream().map(this::publish).toArray(CompletableFuture[]::new));
    }

    private ApiException unavailable(Throwable error) {
        failed.increment();
        LOG.debugf("event not acknowledged: %s", error.toString());
        return ApiException.unavailable("the event stream is unavailable; nothing was accepted, try again");
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
