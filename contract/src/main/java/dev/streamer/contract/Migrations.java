package dev.streamer.contract;

import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

/** Applies the schema in {@code db/migration} (this module's resources) with Flyway. Idempotent. */
public final class Migrations {

    public static final String LOCATION = "classpath:db/migration";

    private Migrations() {}

    /** Migrates the database behind {@code dataSource}; returns how many migrations were applied now. */
    public static int apply(DataSource dataSource) {
        return result(Flyway.configure(Migrations.class.getClassLoader()).dataSource(dataSource)).migrationsExecuted;
    }

    /** Migrates the database at a JDBC URL; returns how many migrations were applied now. */
    public static int apply(String jdbcUrl, String user, String password) {
        return result(Flyway.configure(Migrations.class.getClassLoader()).dataSource(jdbcUrl, user, password))
                .migrationsExecuted;
    }

    private static MigrateResult result(org.flywaydb.core.api.configuration.FluentConfiguration config) {
        return config.locations(LOCATION).failOnMissingLocations(true).load().migrate();
    }
}
