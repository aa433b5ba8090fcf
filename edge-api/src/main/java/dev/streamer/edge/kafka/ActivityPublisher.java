package dev.streamer.edge.kafka;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Emitter;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.Metadata;
import org.jboss.logging.Logger;

/**
 * Publishes activity events on the {@code activity} channel (SmallRye Reactive Messaging, Kafka connector; the
 * producer settings are {@code mp.messaging.outgoing.activity.*}): key the community id, value the bytes of
 * {@link EventCodec#encode}. A stage completes only when the broker acknowledged the record and fails with 503
 * within a bounded time when it did not: the record must reach the producer within
 * {@code ack-timeout - delivery.timeout.ms} ({@link HandOffDeadline}), the producer resolves it within
 * {@code delivery.timeout.ms}, and {@code streamer.kafka.ack-timeout} bounds the wait on top. A full emitter buffer
 * (more records waiting than the connector's in-flight limit plus the buffer) is a 503 at once, never a wait.
 */
@Singleton
public class ActivityPublisher {

    public static final String CHANNEL = "activity";

    private static final Logger LOG = Logger.getLogger(ActivityPublisher.class);

    private final Emitter<HandOffDeadline.Pending> emitter;
    private final Duration ackTimeout;
    private final long handOffNanos;
    private final Counter acked;
    private final Counter failed;

    ActivityPublisher(
            @Channel(CHANNEL) Emitter<HandOffDeadline.Pending> emitter,
            EdgeConfig config,
            @ConfigProperty(name = "mp.messaging.outgoing." + CHANNEL + ".delivery.timeout.ms") long deliveryTimeoutMs,
            MeterRegistry registry) {
        this.emitter = emitter;
        this.ackTimeout = config.kafka().ackTimeout();
        Duration handOff = ackTimeout.minusMillis(deliveryTimeoutMs);
        if (handOff.isNegative() || handOff.isZero()) {
            throw new IllegalArgumentException("streamer.kafka.ack-timeout (" + ackTimeout
                    + ") must exceed the channel's" + " delivery.timeout.ms (" + deliveryTimeoutMs + " ms)");
        }
        this.handOffNanos = handOff.toNanos();
        this.acked = registry.counter("streamer.events.acknowledged");
        this.failed = registry.counter("streamer.events.failed");
    }

    /**
     * Completes when Kafka acknowledged the event; fails with a 503 {@link ApiException} otherwise. The message's own
     * ack and nack complete the stage: no Mutiny pipeline per request, whose operators would each capture and restore
     * the request's contexts (SmallRye Context Propagation) and schedule a timer — that cost edge-api twice the CPU
     * time per accepted post of the plain producer it replaced (bench/README.md).
     */
    public CompletionStage<ActivityEvent> publish(ActivityEvent event) {
        CompletableFuture<ActivityEvent> acknowledged = new CompletableFuture<>();
        HandOffDeadline.Pending value =
                new HandOffDeadline.Pending(EventCodec.encode(event), System.nanoTime() + handOffNanos);
        Message<HandOffDeadline.Pending> message = Message.of(
                value,
                Metadata.of(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.communityId())
                        .build()),
                () -> {
                    acknowledged.complete(event);
                    return CompletableFuture.completedFuture(null);
                },
                error -> {
                    acknowledged.completeExceptionally(error);
                    return CompletableFuture.completedFuture(null);
                });
        try {
            emitter.send(message);
        } catch (RuntimeException e) {
            // the emitter's buffer is full (an outage): answer at once rather than queue
            acknowledged.completeExceptionally(e);
        }
        return acknowledged
                .orTimeout(ackTimeout.toMillis(), TimeUnit.MILLISECONDS)
                .handle((ok, error) -> {
                    if (error != null) {
                        throw unavailable(error);
                    }
                    acked.increment();
                    return event;
                });
    }

    /** Completes when every event was acknowledged; fails with 503 when any was not. */
    public CompletionStage<Void> publishAll(List<ActivityEvent> events) {
        return CompletableFuture.allOf(
                events.stream().map(e -> publish(e).toCompletableFuture()).toArray(CompletableFuture[]::new));
    }

    private ApiException unavailable(Throwable error) {
        failed.increment();
        LOG.debugf("event not acknowledged: %s", error.toString());
        return ApiException.unavailable("the event stream is unavailable; nothing was accepted, try again");
    }
}
