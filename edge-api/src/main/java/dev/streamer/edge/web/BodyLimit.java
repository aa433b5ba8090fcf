package dev.streamer.edge.web;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.json.Json;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared {@code Content-Length} exceeds {@code quarkus.http.limits.max-body-size} is answered 413 as
 * problem+json at once, before its body is read: Vert.x's own answer to it has an empty body. (A chunked body with no
 * length that grows past the limit still gets Vert.x's empty 413.) Clients that send {@code Expect: 100-continue} never
 * send the body.
 */
@Singleton
public class BodyLimit {

    private final long maxBytes;

    BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize maxBodySize) {
        this.maxBytes = maxBodySize.asLongValue();
    }

    void install(@Observes StartupEvent event, Router router) {
        // after SecurityHeaders (-2000), so the answer carries them, and before any body handler
        router.route().order(-1999).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        long declared = declaredLength(ctx.request().getHeader("Content-Length"));
        if (declared <= maxBytes) {
            ctx.next();
            return;
        }
        String body = Json.encode(new Problem(
                "about:blank",
                Problem.reason(413),
                413,
                String.format(
                        Locale.ROOT,
                        "the request body may have at most %d bytes; this one declares %d",
                        maxBytes,
                        declared)));
        ctx.response()
                .setStatusCode(413)
                .putHeader("Content-Type", Problem.MEDIA_TYPE)
                .putHeader("Connection", "close")
                .end(body);
    }

    private static long declaredLength(String header) {
        if (header == null) {
            return -1;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
