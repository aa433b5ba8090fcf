package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.EventType;
import dev.streamer.contract.Json;
import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The packaged service in a child JVM, stopped with SIGTERM (what {@code bin/streamer down} and Kubernetes send) while
 * a post waits for its Kafka acknowledgement (linger 3 s): the post in flight is answered 202 and its event is on the
 * topic; requests that arrive after the signal are answered 503 + Retry-After; the process then exits by itself.
 */
class GracefulShutdownIT {

    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Process service;
    private TestDatabase db;

    @AfterEach
    void stop() {
        if (service != null && service.isAlive()) {
            service.destroyForcibly();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void sigtermLetsTheRequestInFlightFinishWithItsKafkaAckAndRefusesNewOnesWith503() throws Exception {
        TestKafka kafka = TestKafka.shared();
        db = TestDatabase.create();
        int port = freePort();
        int management = freePort();
        String base = "http://127.0.0.1:" + port;
        Path log = Files.createTempFile("edge-shutdown", ".log");
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-XX:+UseSerialGC",
                        // a record waits 3 s in the producer before it is sent: long enough to signal while a post is
                        // in flight
                        "-Dmp.messaging.outgoing.activity.delivery.timeout.ms=8000",
                        "-Dstreamer.kafka.ack-timeout=PT9S",
                        "-jar",
                        Path.of("target", "quarkus-app", "quarkus-run.jar").toString())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment()
                .putAll(Map.of(
                        "STREAMER_EDGE_PORT", String.valueOf(port),
                        "STREAMER_EDGE_HOST", "127.0.0.1",
                        "STREAMER_EDGE_MANAGEMENT_PORT", String.valueOf(management),
                        "STREAMER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                        "STREAMER_KAFKA_LINGER_MS", "3000",
                        "STREAMER_DB_URL", db.jdbcUrl(),
                        "STREAMER_DB_USER", db.user(),
                        "STREAMER_DB_PASSWORD", db.password(),
                        "STREAMER_JWT_PRIVATE_KEY",
                                Path.of("src/test/resources/keys/jwt-private.pem")
                                        .toAbsolutePath()
                                        .toString(),
                        "STREAMER_JWT_PUBLIC_KEY",
                                Path.of("src/test/resources/keys/jwt-public.pem")
                                        .toAbsolutePath()
                                        .toString()));
        service = pb.start();
        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(300))
                .ignoreExceptions()
                .until(() -> get("http://127.0.0.1:" + management + "/q/health/ready")
                                .statusCode()
                        == 200);

        String name = "shutdown_" + UUID.randomUUID().toString().substring(0, 8);
        String userId = json(send(
                        base,
                        "POST",
                        "/api/auth/register",
                        null,
                        null,
                        "{\"username\":\"" + name + "\",\"password\":\"correct horse\"}"))
                .get("id")
                .asText();
        String token = json(send(
                        base,
                        "POST",
                        "/api/auth/login",
                        null,
                        null,
                        "{\"username\":\"" + name + "\",\"password\":\"correct horse\"}"))
                .get("token")
                .asText();
        assertThat(send(base, "POST", "/api/communities/facebook/join", token, null, null)
                        .statusCode())
                .isEqualTo(204);

        CompletableFuture<HttpResponse<String>> inFlight = HTTP.sendAsync(
                request(
                        base,
                        "POST",
                        "/api/communities/facebook/posts",
                        token,
                        "in-flight",
                        "{\"text\":\"in flight\"}"),
                HttpResponse.BodyHandlers.ofString());
        // the key is stored before the event is handed to the producer: from then on the request waits for its ack
        Rows rows = new Rows(db.dataSource());
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(20))
                .until(() -> rows.count("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?", userId) == 1);

        service.toHandle().destroy(); // SIGTERM
        long signalled = System.nanoTime();
        // new requests until one is refused (the signal takes a moment to reach the service); each either came
        // before shutdown began and is served in full, or is answered 503
        List<CompletableFuture<HttpResponse<String>>> late = new CopyOnWriteArrayList<>();
        HttpResponse<String> refused = await().atMost(Duration.ofSeconds(3))
                .pollInterval(Duration.ofMillis(50))
                .until(
                        () -> {
                            late.add(HTTP.sendAsync(
                                    request(
                                            base,
                                            "POST",
                                            "/api/communities/facebook/posts",
                                            token,
                                            UUID.randomUUID().toString(),
                                            "{\"text\":\"after the signal\"}"),
                                    HttpResponse.BodyHandlers.ofString()));
                            return late.stream()
                                    .filter(f -> f.isDone() && !f.isCompletedExceptionally())
                                    .map(CompletableFuture::join)
                                    .filter(r -> r.statusCode() == 503)
                                    .findFirst()
                                    .orElse(null);
                        },
                        Objects::nonNull);
        assertThat(inFlight)
                .as("the request in flight is still waiting for its acknowledgement")
                .isNotDone();
        assertThat(refused.headers().firstValue("Retry-After").orElse("")).matches("[1-9][0-9]*");
        assertThat(refused.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));

        HttpResponse<String> answer = inFlight.get(15, TimeUnit.SECONDS);
        assertThat(answer.statusCode())
                .as("the post in flight at SIGTERM: " + answer.body())
                .isEqualTo(202);
        String eventId = json(answer).get("eventId").asText();
        System.out.printf(
                "GracefulShutdownIT: in-flight post answered 202 %d ms after SIGTERM; %d request(s) sent after"
                        + " the signal until one was refused%n",
                Duration.ofNanos(System.nanoTime() - signalled).toMillis(), late.size());
        for (CompletableFuture<HttpResponse<String>> f : late) {
            assertThat(f.get(15, TimeUnit.SECONDS).statusCode())
                    .as("a request sent after SIGTERM")
                    .isIn(202, 503);
        }
        assertThat(Events.read(
                        kafka.bootstrapServers(),
                        e -> e.eventId().equals(eventId) && e.type() == EventType.POST_CREATED,
                        1,
                        Duration.ofSeconds(20)))
                .hasSize(1);

        assertThat(service.waitFor(25, TimeUnit.SECONDS))
                .as("the service exits after SIGTERM")
                .isTrue();
        assertThat(Files.readString(log)).doesNotContain("Timed out waiting for graceful shutdown");
    }

    private static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest request(String base, String method, String path, String token, String key, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
                .timeout(Duration.ofSeconds(20))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            b.header("Idempotency-Key", key);
        }
        return b.build();
    }

    private static HttpResponse<String> send(
            String base, String method, String path, String token, String key, String body)
            throws IOException, InterruptedException {
        return HTTP.send(request(base, method, path, token, key, body), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> r) throws IOException {
        return Json.mapper().readTree(r.body());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
