package dev.streamer.edge.kafka;

import io.smallrye.health.api.HealthGroup;
import io.smallrye.reactive.messaging.health.HealthReport;
import io.smallrye.reactive.messaging.providers.extension.HealthCenter;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * The Kafka connector's own readiness of the activity channel (it asks the cluster to describe itself, see
 * {@code health-readiness-*} in application.properties), reported as {@code kafka} in the health group
 * {@code dependencies}, not as readiness: with the broker down reads still work and writes answer 503 + Retry-After,
 * which a pod taken out of its Service could not say. The extension's own checks are switched off
 * ({@code quarkus.messaging.health.enabled=false}) because they would put Kafka into readiness and liveness.
 */
@HealthGroup("dependencies")
@Singleton
public class ActivityChannelHealth implements HealthCheck {

    private final HealthCenter health;

    ActivityChannelHealth(HealthCenter health) {
        this.health = health;
    }

    @Override
    public HealthCheckResponse call() {
        HealthReport report = health.getReadiness();
        HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka")
                .status(report.isOk() && !report.getChannels().isEmpty());
        for (HealthReport.ChannelInfo channel : report.getChannels()) {
            response.withData(
                    channel.getChannel(),
                    channel.isOk() ? "UP" : "DOWN" + (channel.getMessage() == null ? "" : ": " + channel.getMessage()));
        }
        return response.build();
    }
}
