package dev.streamer.edge.web;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Security headers on every response of the public port (UI, API, errors): a Content-Security-Policy the UI satisfies
 * without inline script (scripts, styles, fonts from this origin; images also from blob: and data:; connections to
 * this origin and to live-push's), no framing, no referrer, no sniffing, and HSTS when the request came over TLS
 * (directly or, with proxy forwarding on, as the proxy says). The management port (/q/*) is not covered: it is not
 * exposed to browsers.
 */
@Singleton
public class SecurityHeaders {

    private final PublicUrls urls;

    SecurityHeaders(PublicUrls urls) {
        this.urls = urls;
    }

    void install(@Observes StartupEvent event, Router router) {
        router.route().order(-2000).handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ctx.addHeadersEndHandler(v -> apply(ctx));
        ctx.next();
    }

    private void apply(RoutingContext ctx) {
        HttpServerResponse r = ctx.response();
        r.putHeader("Content-Security-Policy", policy(urls.livePushOrigin(ctx.request())));
        r.putHeader("X-Frame-Options", "DENY");
        r.putHeader("Referrer-Policy", "no-referrer");
        r.putHeader("X-Content-Type-Options", "nosniff");
        r.putHeader("Cross-Origin-Opener-Policy", "same-origin");
        r.putHeader("Cross-Origin-Resource-Policy", "same-origin");
        if (ctx.request().isSSL() || "https".equals(ctx.request().scheme())) {
            r.putHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    static String policy(String livePushOrigin) {
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; font-src 'self'; "
                + "connect-src 'self' " + livePushOrigin + "; object-src 'none'; base-uri 'none'; form-action 'self'; "
                + "frame-ancestors 'none'";
    }
}
