package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Retry rules of the HTTP client, against a real local HTTP server that answers scripted statuses. */
class ApiClientTest {

    private HttpServer server;
    private final Map<String, AtomicInteger> hits = new ConcurrentHashMap<>();
    private final java.util.Set<String> keys = ConcurrentHashMap.newKeySet();
    private ApiClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
        client = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()), Duration.ofSeconds(5), 3);
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private void handle(HttpExchange ex) throws IOException {
        String path = ex.getRequestURI().getPath();
        int n = hits.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
        String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
        if (path.equals("/api/posts/outage/like") && key != null) {
            keys.add(key);
        }
        byte[] body = ex.getRequestBody().readAllBytes();
        switch (path) {
            case "/api/posts/flaky/like" -> {
                if (n <= 2) {
                    answer(ex, n == 1 ? 503 : 500, "{\"status\":503}");
                } else {
                    answer(ex, 202, "{\"eventId\":\"e\",\"occurredAt\":123}");
                }
            }
            case "/api/posts/gone/shares" ->
                answer(ex, 404, "{\"title\":\"Not Found\",\"status\":404,\"detail\":\"no post gone\"}");
            case "/api/auth/login" -> answer(ex, 429, "{\"status\":429}");
            case "/api/posts/down/like" -> answer(ex, 503, "{}");
            case "/api/posts/limited/like" -> {
                if (n <= 2) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                    answer(ex, 429, "{\"status\":429}");
                } else {
                    answer(ex, 202, "{\"eventId\":\"e\",\"occurredAt\":9}");
                }
            }
            case "/api/posts/outage/like" -> {
                if (n <= 3) {
                    ex.getResponseHeaders().add("Retry-After", "1");
                    answer(ex, 503, "{}");
                } else {
                    answer(ex, 202, "{\"eventId\":\"e\",\"occurredAt\":7}");
                }
            }
            case "/api/media" -> {
                String type = ex.getRequestHeaders().getFirst("Content-Type");
                String text = new String(body, StandardCharsets.ISO_8859_1);
                boolean ok = type.startsWith("multipart/form-data; boundary=")
                        && text.contains("Content-Disposition: form-data; name=\"file\"; filename=\"a.png\"")
                        && text.contains("Content-Type: image/png\r\n\r\n\u0089PNG")
                        && text.endsWith("--" + type.substring(type.indexOf('=') + 1) + "--\r\n");
                answer(ex, ok ? 201 : 400, ok ? "{\"mediaId\":\"m1\"}" : "{}");
            }
            default -> answer(ex, 418, "{}");
        }
    }

    private static void answer(HttpExchange ex, int status, String json) throws IOException {
        byte[] b = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, b.length);
        ex.getResponseBody().write(b);
        ex.close();
    }

    @Test
    void retriesServerErrorsWithBackOff() {
        long t0 = System.nanoTime();
        ApiResponse r = client.like("token", "flaky");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(r.occurredAt()).isEqualTo(123);
        assertThat(hits.get("/api/posts/flaky/like")).hasValue(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void givesUpAfterTheRetriesAndNeverRetriesA4xx() {
        ApiResponse down = client.like("token", "down");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.attempts()).isEqualTo(4);

        ApiResponse gone = client.share("token", "gone");
        assertThat(gone.status()).isEqualTo(404);
        assertThat(gone.attempts()).isEqualTo(1);
        assertThat(gone.describe()).isEqualTo("404 no post gone");
        assertThat(hits.get("/api/posts/gone/shares")).hasValue(1);

        assertThat(client.login("u", "p").attempts()).isEqualTo(1);
        assertThat(hits.get("/api/auth/login")).hasValue(1);
    }

    @Test
    void retriesForAsLongAsRetryForAllowsHonouringRetryAfterWithTheSameKey() {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApiClient patient = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5),
                new ApiClient.RetryPolicy(0, Duration.ofSeconds(30)),
                (request, status, sent, received) -> seen.add(request + " " + status));
        long t0 = System.nanoTime();
        ApiResponse r = patient.like("token", "outage");
        long waited = System.nanoTime() - t0;
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.attempts()).isEqualTo(4);
        assertThat(seen)
                .containsExactly(
                        "POST /api/posts/outage/like 503",
                        "POST /api/posts/outage/like 503",
                        "POST /api/posts/outage/like 503",
                        "POST /api/posts/outage/like 202");
        assertThat(keys)
                .as("every attempt carries the first one's Idempotency-Key")
                .hasSize(1);
        assertThat(Duration.ofNanos(waited))
                .as("three pauses of Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void aRateLimitThatSaysWhenToComeBackIsWaitedForAndRetriedOneWithoutRetryAfterIsNot() {
        long t0 = System.nanoTime();
        ApiResponse r = client.like("token", "limited");
        assertThat(r.status()).isEqualTo(202);
        assertThat(r.attempts()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - t0))
                .as("two pauses of Retry-After: 1")
                .isGreaterThanOrEqualTo(Duration.ofSeconds(2));
        // the login limiter's 429 in this fake carries no Retry-After: answered at once, as any other 4xx
        assertThat(client.login("u", "p").attempts()).isEqualTo(1);
    }

    @Test
    void gives503UpOnceRetryForHasPassed() {
        ApiClient patient = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5),
                new ApiClient.RetryPolicy(1, Duration.ofMillis(700)),
                ApiClient.AttemptLog.NONE);
        long t0 = System.nanoTime();
        ApiResponse r = patient.like("token", "down");
        assertThat(r.status()).isEqualTo(503);
        assertThat(r.attempts())
                .as("--retries first, then until --retry-for has passed")
                .isBetween(2, 40);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(30));
    }

    @Test
    void idsInTheAttemptLogAreReplacedByAPlaceholder() {
        java.util.List<String> seen = new java.util.concurrent.CopyOnWriteArrayList<>();
        ApiClient logged = new ApiClient(
                URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                Duration.ofSeconds(5),
                new ApiClient.RetryPolicy(0, Duration.ZERO),
                (request, status, sent, received) -> seen.add(request + " " + status));
        logged.share("token", "0b6f3c2e-5d0e-4a57-9d0c-3f1f8a2b7c11");
        logged.login("u", "p");
        assertThat(seen).containsExactly("POST /api/posts/{id}/shares 418", "POST /api/auth/login 429");
    }

    @Test
    void retryAfterIsReadInSeconds() {
        assertThat(ApiClient.retryAfterMillis("5")).isEqualTo(5_000);
        assertThat(ApiClient.retryAfterMillis(" 0 ")).isZero();
        assertThat(ApiClient.retryAfterMillis("Wed, 21 Oct 2015 07:28:00 GMT")).isEqualTo(-1);
        assertThat(ApiClient.retryAfterMillis(null)).isEqualTo(-1);
    }

    @Test
    void uploadsAMultipartPng() {
        ApiResponse r = client.uploadPng("token", "a.png", ImageMaker.png(1, 64, 48));
        assertThat(r.status()).isEqualTo(201);
        assertThat(r.text("mediaId")).isEqualTo("m1");
    }

    @Test
    void aServerThatIsNotThereIsNoStatus() {
        ApiClient nowhere = new ApiClient(URI.create("http://127.0.0.1:1"), Duration.ofSeconds(2), 0);
        ApiResponse r = nowhere.feed("t", "c", 5);
        assertThat(r.status()).isEqualTo(ApiResponse.NO_RESPONSE);
        assertThat(r.statusLabel()).isEqualTo("io");
        assertThat(r.describe()).contains("cannot connect to 127.0.0.1:1");
    }
}
