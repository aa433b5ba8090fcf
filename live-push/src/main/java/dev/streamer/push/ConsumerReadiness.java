package dev.streamer.push;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when the result consumer holds every partition and polls; the broker itself is checked by quarkus-kafka-client. */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ResultConsumer consumer;

    public ConsumerReadiness(ResultConsumer consumer) {
        this.consumer = consumer;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("live-push result consumer")
                .status(consumer.healthy(10_000));
        if (consumer.lastError() != null) {
            response.withData("lastError", consumer.lastError());
        }
        return response.build();
    }
}
