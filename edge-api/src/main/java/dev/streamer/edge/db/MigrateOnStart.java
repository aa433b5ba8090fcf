package dev.streamer.edge.db;

import dev.streamer.contract.Migrations;
import io.agroal.api.AgroalDataSource;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies the contract's Flyway migrations before the service takes requests. When the database cannot be reached at
 * start-up the service starts anyway — the UI is served, routes that need the database answer 503 + Retry-After — and
 * the migrations are tried again every {@link #RETRY_SECONDS} s until they succeed. Any other failure stops the start.
 */
@Singleton
public class MigrateOnStart {

    static final int RETRY_SECONDS = 2;
    private static final Logger LOG = Logger.getLogger(MigrateOnStart.class);

    private volatile boolean done;
    private volatile String lastError;
    private ScheduledExecutorService retries;

    void onStart(@Observes @Priority(10) StartupEvent event, AgroalDataSource dataSource) {
        try {
            migrate(dataSource);
        } catch (RuntimeException e) {
            if (!Sql.isUnavailable(e)) {
                throw e;
            }
            lastError = e.toString();
            LOG.warnf("database unavailable at start-up, migrating again every %d s: %s", RETRY_SECONDS, e.toString());
            retries = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "edge-migrations");
                t.setDaemon(true);
                return t;
            });
            retries.scheduleWithFixedDelay(() -> retry(dataSource), RETRY_SECONDS, RETRY_SECONDS, TimeUnit.SECONDS);
        }
    }

    void onStop(@Observes ShutdownEvent event) {
        if (retries != null) {
            retries.shutdownNow();
        }
    }

    /** True once the schema is up to date; until then every route that needs the database answers 503. */
    public boolean done() {
        return done;
    }

    public String lastError() {
        return lastError;
    }

    private void retry(AgroalDataSource dataSource) {
        try {
            migrate(dataSource);
            retries.shutdown();
        } catch (RuntimeException e) {
            lastError = e.toString();
            LOG.debugf("migrations not applied yet: %s", e.toString());
        }
    }

    private void migrate(AgroalDataSource dataSource) {
        int applied = Migrations.apply(dataSource);
        lastError = null;
        done = true;
        LOG.infof("database schema up to date (%d migrations applied now)", applied);
    }
}
