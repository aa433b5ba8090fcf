package dev.streamer.push;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Ready when both result channels hold partitions and their polling threads are alive. The broker connection is
 * checked by quarkus-kafka-client, the channels' consumers by the messaging extension's own readiness check.
 */
@Readiness
@ApplicationScoped
public class ConsumerReadiness implements HealthCheck {

    private final ResultPositions positions;

    public ConsumerReadiness(ResultPositions positions) {
        this.positions = positions;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("live-push result consumer")
                .status(positions.healthy(10_000))
                .build();
    }
}
