package dev.streamer.edge.kafka;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.web.ApiException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
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

    private final MutinyEmitter<HandOffDeadline.Pending> emitter;
    private final Duration ackTimeout;
    private final long handOffNanos;
    private final Counter acked;
    private final Counter failed;

    ActivityPublisher(
            @Channel(CHANNEL) MutinyEmitter<HandOffDeadline.Pending> emitter,
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

    /** Completes when Kafka acknowledged the event; fails with a 503 {@link ApiException} otherwise. */
    public CompletionStage<ActivityEvent> publish(ActivityEvent event) {
        HandOffDeadline.Pending value =
                new HandOffDeadline.Pending(EventCodec.encode(event), System.nanoTime() + handOffNanos);
        Message<HandOffDeadline.Pending> message = Message.of(value)
                .addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                        .withKey(event.communityId())
                        .build());
        Uni<Void> sent;
        try {
            sent = emitter.sendMessage(message);
        } catch (RuntimeException e) {
            sent = Uni.createFrom().failure(e);
        }
        return sent.ifNoItem()
                .after(ackTimeout)
                .fail()
                .onItemOrFailure()
                .transformToUni((ok, error) -> {
                    if (error != null) {
                        return Uni.createFrom().<ActivityEvent>failure(unavailable(error));
                    }
                    acked.increment();
                    return Uni.createFrom().item(event);
                })
                .subscribeAsCompletionStage();
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
