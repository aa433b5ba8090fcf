package dev.streamer.edge.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Serves the UI's index.html (from the UI jar's META-INF/resources) for GET requests that nothing else answered and
 * that want HTML, so client-side routes survive a reload. /api and /q paths keep their 404 (as problem+json for /api).
 */
@Singleton
public class SpaFallback {

    private static final String INDEX = "META-INF/resources/index.html";

    private volatile byte[] index;

    void install(@Observes StartupEvent event, Router router) {
        router.errorHandler(404, this::notFound);
    }

    private void notFound(RoutingContext ctx) {
        if (ctx.response().headWritten()) {
            ctx.response().end();
            return;
        }
        String path = ctx.normalizedPath();
        boolean api = path.equals("/api") || path.startsWith("/api/");
        boolean quarkus = path.equals("/q") || path.startsWith("/q/");
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        byte[] html = api || quarkus ? null : index();
        if (html != null && ctx.request().method() == HttpMethod.GET && accept != null && accept.contains("text/html")) {
            ctx.response().setStatusCode(200)
                    .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                    .end(io.vertx.core.buffer.Buffer.buffer(html));
            return;
        }
        ctx.response().setStatusCode(404)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .end("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"no such resource\"}");
    }

    private byte[] index() {
        byte[] cached = index;
        if (cached == null) {
            try (InputStream in = SpaFallback.class.getClassLoader().getResourceAsStream(INDEX)) {
                cached = in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            index = cached;
        }
        return cached.length == 0 ? null : cached;
    }
}
