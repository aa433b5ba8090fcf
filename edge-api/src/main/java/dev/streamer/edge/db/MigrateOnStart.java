package dev.streamer.edge.db;

import dev.streamer.contract.Migrations;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

/** Applies the contract's Flyway migrations before the service takes requests. */
@Singleton
public class MigrateOnStart {

    private static final Logger LOG = Logger.getLogger(MigrateOnStart.class);

    void onStart(@Observes @Priority(10) StartupEvent event, AgroalDataSource dataSource) {
        int applied = Migrations.apply(dataSource);
        LOG.infof("database schema up to date (%d migrations applied now)", applied);
    }
}
