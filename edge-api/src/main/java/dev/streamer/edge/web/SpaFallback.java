package dev.streamer.edge.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The UI (a jar with static files under META-INF/resources) is served by Quarkus' static resource handler. This route
 * runs before it and answers index.html for GET requests that want HTML and name no static file, outside /api and /q,
 * so that client-side routes survive a reload. Without a UI on the classpath it does nothing.
 */
@Singleton
public class SpaFallback {

    private static final String ROOT = "META-INF/resources";
    private static final int MAX_REMEMBERED_PATHS = 10_000;

    private final ConcurrentHashMap<String, Boolean> isFile = new ConcurrentHashMap<>();
    private volatile byte[] index;

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(-1000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        if (ctx.request().method() != HttpMethod.GET || !wantsHtml(ctx)) {
            ctx.next();
            return;
        }
        String path = ctx.normalizedPath();
        if (path.equals("/api")
                || path.startsWith("/api/")
                || path.equals("/q")
                || path.startsWith("/q/")
                || (!path.equals("/") && isStaticFile(path))) {
            ctx.next();
            return;
        }
        byte[] html = index();
        if (html == null) {
            ctx.next();
            return;
        }
        ctx.response()
                .setStatusCode(200)
                .putHeader(HttpHeaders.CONTENT_TYPE, "text/html; charset=utf-8")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-cache")
                .end(Buffer.buffer(html));
    }

    private static boolean wantsHtml(RoutingContext ctx) {
        String accept = ctx.request().getHeader(HttpHeaders.ACCEPT);
        return accept != null && accept.contains("text/html");
    }

    private boolean isStaticFile(String path) {
        if (path.contains("..") || path.endsWith("/")) {
            return false;
        }
        Boolean known = isFile.get(path);
        if (known == null) {
            known = SpaFallback.class.getClassLoader().getResource(ROOT + path) != null;
            if (isFile.size() < MAX_REMEMBERED_PATHS) {
                isFile.put(path, known);
            }
        }
        return known;
    }

    private byte[] index() {
        byte[] cached = index;
        if (cached == null) {
            try (InputStream in = SpaFallback.class.getClassLoader().getResourceAsStream(ROOT + "/index.html")) {
                cached = in == null ? new byte[0] : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            index = cached;
        }
        return cached.length == 0 ? null : cached;
    }
}
