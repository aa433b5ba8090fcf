package dev.streamer.edge.web;

import dev.streamer.edge.db.MigrateOnStart;
import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Runs before every other route. Every 503 leaves with a {@code Retry-After} (routes that set their own keep it).
 * API requests are answered 503 + Retry-After, without running, while the database schema is not migrated yet (the
 * database was down at start-up) and once shutdown began (SIGTERM): requests already in flight finish — Quarkus waits
 * for them up to {@code quarkus.shutdown.timeout}, Kafka acknowledgements included — new ones are told to retry.
 */
@Singleton
public class Availability {

    public static final String RETRY_AFTER_SECONDS = "5";

    private final MigrateOnStart migrations;
    private volatile boolean shuttingDown;

    Availability(MigrateOnStart migrations) {
        this.migrations = migrations;
    }

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(-2000).handler(this::handle);
    }

    void onShutdown(@Observes ShutdownDelayInitiatedEvent event) {
        shuttingDown = true;
    }

    private void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> {
            if (ctx.response().getStatusCode() == 503
                    && !ctx.response().headers().contains("Retry-After")) {
                ctx.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
            }
        });
        String path = ctx.normalizedPath();
        if (path.equals("/api") || path.startsWith("/api/")) {
            if (shuttingDown) {
                refuse(ctx, "the service is shutting down; try again");
                return;
            }
            if (!migrations.done()) {
                refuse(ctx, "the database is unavailable; try again");
                return;
            }
        }
        ctx.next();
    }

    private static void refuse(RoutingContext ctx, String detail) {
        ctx.response()
                .setStatusCode(503)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader("Retry-After", RETRY_AFTER_SECONDS)
                .end("{\"type\":\"about:blank\",\"title\":\"Service Unavailable\",\"status\":503,\"detail\":\"" + detail
                        + "\"}");
    }
}
