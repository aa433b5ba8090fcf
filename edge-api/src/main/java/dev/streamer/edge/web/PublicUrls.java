package dev.streamer.edge.web;

import dev.streamer.edge.config.EdgeConfig;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import jakarta.inject.Singleton;
import java.net.URI;
import java.util.Optional;

/**
 * Where browsers find live-push: {@code streamer.public.live-push-url} (a URL prefix such as {@code
 * wss://streamer.example.com}; the UI appends {@code /ws/communities/{id}}) when set, else the host the page was
 * requested with on live-push's port ({@code ws:} for http pages, {@code wss:} for https). The UI reads it from
 * {@code GET /api/config}; the Content-Security-Policy allows connections to exactly its origin.
 */
@Singleton
public class PublicUrls {

    private final Optional<String> configured;
    private final int livePushPort;

    PublicUrls(EdgeConfig config) {
        this.configured = config.publicUrls()
                .livePushUrl()
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(s -> s.replaceAll("/+$", ""));
        this.configured.ifPresent(PublicUrls::check);
        this.livePushPort = config.publicUrls().livePushPort();
    }

    public String livePushUrl(HttpServerRequest request) {
        if (configured.isPresent()) {
            return configured.get();
        }
        HostAndPort authority = request.authority();
        String host = authority == null ? "localhost" : authority.host();
        if (host.contains(":") && !host.startsWith("[")) {
            host = "[" + host + "]";
        }
        return ("https".equals(request.scheme()) ? "wss" : "ws") + "://" + host + ":" + livePushPort;
    }

    /** Scheme, host and port of {@link #livePushUrl}: what the CSP's connect-src names. */
    public String livePushOrigin(HttpServerRequest request) {
        URI uri = URI.create(livePushUrl(request));
        return uri.getScheme() + "://" + uri.getRawAuthority();
    }

    private static void check(String url) {
        URI uri = URI.create(url);
        if (!("ws".equals(uri.getScheme()) || "wss".equals(uri.getScheme()))
                || uri.getHost() == null
                || uri.getRawQuery() != null) {
            throw new IllegalArgumentException("STREAMER_PUBLIC_LIVE_PUSH_URL must be a ws:// or wss:// URL prefix "
                    + "without a query, not '" + url + "'");
        }
    }
}
