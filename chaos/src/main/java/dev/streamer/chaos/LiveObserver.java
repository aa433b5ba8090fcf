package dev.streamer.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A dashboard that stays connected through the whole chaos run: one WebSocket per community (and one for
 * {@code all}), each reconnecting by itself one second after it closed, as the UI does. It keeps, per window key, the
 * record with the highest revision (snapshot and live messages alike); a {@code resync} message makes it reconnect, so
 * that the snapshot fills in what it may have missed.
 */
final class LiveObserver implements AutoCloseable {

    private final URI base;
    private final String token;
    private final String origin;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService reconnects = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "chaos-observer");
        t.setDaemon(true);
        return t;
    });
    /** community@windowStart → the window with the highest revision received. */
    private final Map<String, JsonNode> windows = new ConcurrentHashMap<>();

    private final Map<String, WebSocket> sockets = new ConcurrentHashMap<>();
    private final AtomicInteger opens = new AtomicInteger();
    private final AtomicInteger resyncs = new AtomicInteger();
    private volatile boolean closed;

    LiveObserver(URI pushBase, String token, String origin) {
        this.base = URI.create(pushBase.toString().replaceAll("/+$", ""));
        this.token = token;
        this.origin = origin;
    }

    void watch(Collection<String> communityIds) {
        communityIds.forEach(this::connect);
    }

    private void connect(String community) {
        if (closed) {
            return;
        }
        http.newWebSocketBuilder()
                .subprotocols("bearer", token)
                .header("Origin", origin)
                .connectTimeout(Duration.ofSeconds(5))
                .buildAsync(URI.create(base + "/ws/communities/" + community), new Listener(community))
                .whenComplete((ws, error) -> {
                    if (error != null) {
                        retry(community);
                    } else {
                        sockets.put(community, ws);
                        opens.incrementAndGet();
                    }
                });
    }

    private void retry(String community) {
        sockets.remove(community);
        if (!closed) {
            reconnects.schedule(() -> connect(community), 1, TimeUnit.SECONDS);
        }
    }

    private void accept(JsonNode window) {
        String key = window.path("communityId").asText() + "@"
                + window.path("windowStart").asLong();
        windows.merge(
                key,
                window,
                (old, now) ->
                        now.path("revision").asLong() >= old.path("revision").asLong() ? now : old);
    }

    /** The window with the latest start this observer has for {@code communityId}. */
    Optional<JsonNode> lastWindow(String communityId) {
        return windows.values().stream()
                .filter(w -> w.path("communityId").asText().equals(communityId))
                .max(java.util.Comparator.comparingLong(
                        w -> w.path("windowStart").asLong()));
    }

    int opens() {
        return opens.get();
    }

    int resyncs() {
        return resyncs.get();
    }

    @Override
    public void close() {
        closed = true;
        reconnects.shutdownNow();
        for (WebSocket ws : List.copyOf(sockets.values())) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    private final class Listener implements WebSocket.Listener {
        private final String community;
        private final StringBuilder partial = new StringBuilder();
        private final java.util.concurrent.atomic.AtomicBoolean ended = new java.util.concurrent.atomic.AtomicBoolean();

        Listener(String community) {
            this.community = community;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                handle(ws, partial.toString());
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        private void handle(WebSocket ws, String text) {
            JsonNode message;
            try {
                message = Json.mapper().readTree(text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                return;
            }
            switch (message.path("type").asText()) {
                case "snapshot" -> message.path("windows").forEach(LiveObserver.this::accept);
                case "analytics" -> accept(message.path("window"));
                case "resync" -> {
                    // the server may have skipped records: a new connection starts with a fresh snapshot
                    resyncs.incrementAndGet();
                    ws.abort();
                    end();
                }
                default -> {
                    // posts: not what this observer checks
                }
            }
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            end();
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            end();
        }

        /** This connection is over: one new one, however many ways it ended. */
        private void end() {
            if (ended.compareAndSet(false, true)) {
                retry(community);
            }
        }
    }
}
