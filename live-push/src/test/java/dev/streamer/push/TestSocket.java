package dev.streamer.push;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamer.contract.Json;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A WebSocket client (the JDK's) that keeps every message it receives and the close code. */
final class TestSocket implements WebSocket.Listener, AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = Json.mapper();

    final LinkedBlockingQueue<JsonNode> inbox = new LinkedBlockingQueue<>();
    final List<JsonNode> seen = new ArrayList<>();
    final CompletableFuture<Integer> closeCode = new CompletableFuture<>();
    volatile String closeReason;
    private final StringBuilder partial = new StringBuilder();
    private WebSocket socket;

    /** A socket to a community of the service at {@code base}, the token (if any) sent as the browser does. */
    static TestSocket connect(URI base, String community, String token) {
        URI uri = Fixtures.socket(base, community);
        return token == null ? open(uri) : open(uri, "bearer", token);
    }

    static TestSocket open(URI uri, String... subprotocols) {
        return open(HTTP.newWebSocketBuilder(), uri, subprotocols);
    }

    /** With {@code builder} (say, one that sends an Origin header). */
    static TestSocket open(WebSocket.Builder builder, URI uri, String... subprotocols) {
        TestSocket listener = new TestSocket();
        builder.connectTimeout(Duration.ofSeconds(10));
        if (subprotocols.length > 0) {
            builder.subprotocols(subprotocols[0], java.util.Arrays.copyOfRange(subprotocols, 1, subprotocols.length));
        }
        listener.socket = builder.buildAsync(uri, listener)
                .orTimeout(10, TimeUnit.SECONDS)
                .join();
        return listener;
    }

    String subprotocol() {
        return socket.getSubprotocol();
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        partial.append(data);
        if (last) {
            try {
                inbox.add(JSON.readTree(partial.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            partial.setLength(0);
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closeReason = reason;
        closeCode.complete(statusCode);
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closeCode.completeExceptionally(error);
    }

    int awaitClose() {
        return closeCode.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The next message, waiting up to 10 s; fails on timeout. */
    JsonNode next() throws InterruptedException {
        JsonNode m = inbox.poll(10, TimeUnit.SECONDS);
        if (m == null) {
            throw new AssertionError("no message within 10 s; seen so far: " + seen);
        }
        seen.add(m);
        return m;
    }

    /** Reads messages until one matches, waiting up to {@code timeout} in all; fails if none did. */
    JsonNode until(Predicate<JsonNode> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode m = inbox.poll(Math.max(1, (deadline - System.nanoTime()) / 1_000_000), TimeUnit.MILLISECONDS);
            if (m != null) {
                seen.add(m);
                if (match.test(m)) {
                    return m;
                }
            }
        }
        throw new AssertionError("no matching message within " + timeout + "; seen: " + seen.size() + " messages");
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
        socket.abort();
    }
}
