package dev.streamer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamer.contract.Json;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * The proof that the parts are one product: against a running stack ({@code bin/streamer up --no-generator}), the
 * generator drives the REST API for more than three 30-second windows, and then every {@code window_stats} row and
 * every touched post's counters in MySQL must equal the generator's ground-truth report exactly, every post must
 * carry an emotion, and a WebSocket client of the all-communities dashboard must have received each window.
 * The signed-in gauge is compared too: the truth knows the sessions of the run's users only, so sessions left open by
 * earlier traffic (the gauge of each community's last row before the run) are added to it; none of them may end
 * during the run (tokens live 12 h; no other traffic runs).
 * No other traffic may run meanwhile: the comparison covers every row of the run's time range.
 */
@Order(1)
class StackExactnessIT {

    static final ObjectMapper JSON = Json.mapper();
    static final Path ROOT =
            Path.of(env("STREAMER_ROOT", "..")).toAbsolutePath().normalize();
    static final String BASE_URL = env("STREAMER_E2E_URL", "http://127.0.0.1:8080");
    static final String PUSH_URL = env("STREAMER_E2E_PUSH_URL", "ws://127.0.0.1:8090");
    static final String DB_URL = env(
            "STREAMER_E2E_DB_URL",
            "jdbc:mysql://127.0.0.1:3307/streamer?sslMode=DISABLED&allowPublicKeyRetrieval=true");
    static final String DB_USER = env("STREAMER_E2E_DB_USER", "root");
    static final String DB_PASSWORD = env("STREAMER_E2E_DB_PASSWORD", "");
    static final int DURATION_SECONDS = Integer.parseInt(env("STREAMER_E2E_SECONDS", "100"));
    static final String RATE = env("STREAMER_E2E_RATE", "15");

    final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void mysqlAndTheWebSocketEqualTheGeneratorsGroundTruth() throws Exception {
        String token = observerToken();
        ConcurrentLinkedQueue<JsonNode> pushed = new ConcurrentLinkedQueue<>();
        // the token rides in Sec-WebSocket-Protocol, as the browser sends it; live-push refuses one in the URL
        WebSocket socket = http.newWebSocketBuilder()
                .subprotocols("bearer", token)
                .buildAsync(URI.create(PUSH_URL + "/ws/communities/all"), collector(pushed))
                .get(10, TimeUnit.SECONDS);

        Path report = Files.createTempDirectory("streamer-e2e").resolve("report.json");
        String prefix = "e2e" + UUID.randomUUID().toString().substring(0, 6);
        Process generator = new ProcessBuilder(
                        ROOT.resolve("bin/streamer").toString(),
                        "generate",
                        "load",
                        "--base-url",
                        BASE_URL,
                        "--rate",
                        RATE,
                        "--duration",
                        String.valueOf(DURATION_SECONDS),
                        "--users",
                        "24",
                        "--user-prefix",
                        prefix,
                        "--seed",
                        "20261126",
                        "--report",
                        report.toString())
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(report.resolveSibling("generator.log").toFile())
                .start();
        boolean finished = generator.waitFor(DURATION_SECONDS + 180, TimeUnit.SECONDS);
        System.out.println(Files.readString(report.resolveSibling("generator.log")));
        assertThat(finished).as("generator finished").isTrue();
        assertThat(generator.exitValue()).as("generator exit code").isZero();

        JsonNode run = JSON.readTree(report.toFile());
        assertThat(run.path("unfinishedRequests").asLong())
                .as("requests left unanswered")
                .isZero();
        JsonNode truth = run.path("truth");
        assertThat(truth.path("signEventTiming").path("exact").asBoolean())
                .as("sign-in/out event times known exactly: " + truth.path("signEventTiming"))
                .isTrue();
        long runStart = truth.path("windows").findValues("windowStart").stream()
                .mapToLong(JsonNode::asLong)
                .min()
                .orElseThrow();
        Map<String, List<Long>> expected = expectedWindows(truth, signedInBefore(runStart));
        long firstStart =
                expected.values().stream().mapToLong(r -> r.get(0)).min().orElseThrow();
        long lastStart =
                expected.values().stream().mapToLong(r -> r.get(0)).max().orElseThrow();
        assertThat(lastStart - firstStart)
                .as("the run spans at least three windows")
                .isGreaterThanOrEqualTo(2 * 30_000L);

        Map<String, List<Long>> actual = waitForWindows(expected, firstStart, lastStart, Duration.ofSeconds(90));
        assertThat(actual)
                .as("window_stats rows (community@windowStart → windowStart, activeUsers, posts, likes, comments,"
                        + " shares, signedIn)")
                .containsExactlyInAnyOrderEntriesOf(expected);
        System.out.printf(
                "compared %d windows of %d events; signed-in gauge values compared: %d (non-zero: %d)%n",
                expected.size(),
                truth.path("acceptedEvents").asLong(),
                expected.size(),
                expected.values().stream().filter(r -> r.get(6) > 0).count());

        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
            assertEmotionsCoverEveryPost(c, firstStart, lastStart);
            assertPostCounters(c, truth.path("posts"));
        }

        socket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
        Map<String, List<Long>> received = new TreeMap<>();
        for (JsonNode message : pushed) {
            JsonNode window = message.path("type").asText().equals("analytics") ? message.path("window") : null;
            if (window != null && window.path("communityId").asText().equals("all")) {
                List<Long> row = new ArrayList<>();
                row.add(window.path("windowStart").asLong());
                row.addAll(counts(
                        window.path("activeUsers").asLong(),
                        window.path("posts").asLong(),
                        window.path("likes").asLong(),
                        window.path("comments").asLong(),
                        window.path("shares").asLong(),
                        window.path("signedIn").asLong()));
                received.put(
                        window.path("communityId").asText() + "@"
                                + window.path("windowStart").asLong(),
                        row);
            }
        }
        Map<String, List<Long>> expectedAll = new TreeMap<>();
        expected.forEach((k, v) -> {
            if (k.startsWith("all@")) {
                expectedAll.put(k, v);
            }
        });
        assertThat(received)
                .as("the all-communities dashboard socket received every window's final result")
                .containsAllEntriesOf(expectedAll);
    }

    private String observerToken() throws Exception {
        String username = "e2e-obs-" + UUID.randomUUID().toString().substring(0, 8);
        String body = JSON.writeValueAsString(Map.of("username", username, "password", "observer-" + username));
        HttpResponse<String> registered = post("/api/auth/register", body);
        assertThat(registered.statusCode()).as(registered.body()).isEqualTo(201);
        HttpResponse<String> login = post("/api/auth/login", body);
        assertThat(login.statusCode()).as(login.body()).isEqualTo(200);
        return JSON.readTree(login.body()).path("token").asText();
    }

    private HttpResponse<String> post(String path, String json) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create(BASE_URL + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** community → the signed-in gauge of its last window_stats row before {@code runStart}: earlier sessions. */
    private static Map<String, Long> signedInBefore(long runStart) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
                var ps = c.prepareStatement(
                        "SELECT w.community_id, w.signed_in FROM window_stats w JOIN (SELECT community_id,"
                                + " MAX(window_start) AS s FROM window_stats WHERE window_start < ? GROUP BY community_id) l"
                                + " ON w.community_id = l.community_id AND w.window_start = l.s")) {
            ps.setLong(1, runStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        System.out.println("signed-in sessions before the run, by community: " + out);
        return out;
    }

    private static Map<String, List<Long>> expectedWindows(JsonNode truth, Map<String, Long> signedInBefore) {
        Map<String, List<Long>> out = new TreeMap<>();
        for (JsonNode w : truth.path("windows")) {
            List<Long> row = new ArrayList<>();
            row.add(w.path("windowStart").asLong());
            row.addAll(counts(
                    w.path("activeUsers").asLong(),
                    w.path("posts").asLong(),
                    w.path("likes").asLong(),
                    w.path("comments").asLong(),
                    w.path("shares").asLong(),
                    w.path("signedIn").asLong()
                            + signedInBefore.getOrDefault(w.path("communityId").asText(), 0L)));
            out.put(w.path("communityId").asText() + "@" + w.path("windowStart").asLong(), row);
        }
        assertThat(out).as("the report has windows").isNotEmpty();
        return out;
    }

    private static List<Long> counts(
            long activeUsers, long posts, long likes, long comments, long shares, long signedIn) {
        return List.of(activeUsers, posts, likes, comments, shares, signedIn);
    }

    /** Polls window_stats until it equals {@code expected} or the time is up; returns the last reading. */
    private Map<String, List<Long>> waitForWindows(
            Map<String, List<Long>> expected, long firstStart, long lastStart, Duration timeout) throws Exception {
        AtomicReference<Map<String, List<Long>>> actual = new AtomicReference<>();
        try {
            Awaitility.await("window_stats equal to the ground truth")
                    .atMost(timeout)
                    .pollInterval(Duration.ofSeconds(1))
                    .until(() -> {
                        actual.set(readWindows(firstStart, lastStart));
                        return actual.get().equals(expected);
                    });
        } catch (ConditionTimeoutException notEqualInTime) {
            // the caller compares the last reading and reports every difference
        }
        return actual.get();
    }

    private Map<String, List<Long>> readWindows(long firstStart, long lastStart) throws Exception {
        Map<String, List<Long>> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD);
                var ps = c.prepareStatement(
                        "SELECT community_id, window_start, active_users, posts, likes, comments, shares,"
                                + " signed_in FROM window_stats WHERE window_start BETWEEN ? AND ?")) {
            ps.setLong(1, firstStart);
            ps.setLong(2, lastStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Long> row = new ArrayList<>();
                    row.add(rs.getLong("window_start"));
                    row.addAll(counts(
                            rs.getLong("active_users"),
                            rs.getLong("posts"),
                            rs.getLong("likes"),
                            rs.getLong("comments"),
                            rs.getLong("shares"),
                            rs.getLong("signed_in")));
                    out.put(rs.getString("community_id") + "@" + rs.getLong("window_start"), row);
                }
            }
        }
        return out;
    }

    private static void assertEmotionsCoverEveryPost(Connection c, long firstStart, long lastStart) throws Exception {
        try (var ps = c.prepareStatement("SELECT community_id, window_start, posts, emotion_anger + emotion_disgust"
                + " + emotion_fear + emotion_joy + emotion_sadness + emotion_surprise + emotion_neutral AS labelled"
                + " FROM window_stats WHERE window_start BETWEEN ? AND ?")) {
            ps.setLong(1, firstStart);
            ps.setLong(2, lastStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    assertThat(rs.getLong("labelled"))
                            .as("emotion mix of " + rs.getString(1) + "@" + rs.getLong(2) + " covers every post")
                            .isEqualTo(rs.getLong("posts"));
                }
            }
        }
    }

    private static void assertPostCounters(Connection c, JsonNode posts) throws Exception {
        assertThat(posts.size()).as("the run created posts").isPositive();
        try (var ps =
                c.prepareStatement("SELECT likes, comments, shares, emotion, score_joy FROM posts WHERE id = ?")) {
            for (JsonNode p : posts) {
                String id = p.path("postId").asText();
                ps.setString(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).as("post " + id + " is in MySQL").isTrue();
                    assertThat(List.of(rs.getLong("likes"), rs.getLong("comments"), rs.getLong("shares")))
                            .as("likes, comments, shares of post " + id)
                            .isEqualTo(List.of(
                                    p.path("likes").asLong(),
                                    p.path("comments").asLong(),
                                    p.path("shares").asLong()));
                    assertThat(rs.getString("emotion"))
                            .as("emotion of post " + id)
                            .isNotBlank();
                    rs.getDouble("score_joy");
                    assertThat(rs.wasNull()).as("emotion scores of post " + id).isFalse();
                }
            }
        }
    }

    private static WebSocket.Listener collector(ConcurrentLinkedQueue<JsonNode> into) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    try {
                        into.add(JSON.readTree(partial.toString().getBytes(StandardCharsets.UTF_8)));
                    } catch (java.io.IOException e) {
                        throw new IllegalStateException("live-push sent something that is not JSON: " + partial, e);
                    }
                    partial.setLength(0);
                }
                webSocket.request(1);
                return null;
            }
        };
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
