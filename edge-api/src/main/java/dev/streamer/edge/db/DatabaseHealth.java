package dev.streamer.edge.db;

import io.agroal.api.AgroalDataSource;
import io.smallrye.health.api.HealthGroup;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.SQLException;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;

/**
 * Up when a pooled connection answers within two seconds and the schema is migrated. A dependency check (group
 * {@code dependencies}), not a readiness check: with the database down the service still serves the UI and answers
 * 503 + Retry-After, which a pod taken out of its Service could not say.
 */
@HealthGroup("dependencies")
@Singleton
public class DatabaseHealth implements HealthCheck {

    private final AgroalDataSource ds;
    private final MigrateOnStart migrations;

    DatabaseHealth(AgroalDataSource ds, MigrateOnStart migrations) {
        this.ds = ds;
        this.migrations = migrations;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder r = HealthCheckResponse.named("database").withData("schema", migrations.done());
        try (Connection c = ds.getConnection()) {
            boolean valid = c.isValid(2);
            r.status(valid && migrations.done());
        } catch (SQLException e) {
            r.down().withData("error", e.getClass().getSimpleName());
        }
        if (!migrations.done() && migrations.lastError() != null) {
            r.withData("migrations", "pending");
        }
        return r.build();
    }
}
