package dev.streamer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Json;
import dev.streamer.generator.ApiClient;
import dev.streamer.generator.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * The running stack as a user and an operator see it: {@code bin/streamer} commands, the PID files of its parts,
 * Flink's REST API, edge-api's REST API (the generator's {@link ApiClient}) and what the job wrote to MySQL.
 */
final class Stack {

    static final Path ROOT =
            Path.of(env("STREAMER_ROOT", "..")).toAbsolutePath().normalize();
    static final Path HOME =
            Path.of(env("STREAMER_HOME", ROOT.resolve(".streamer").toString()));
    static final String BASE_URL = env("STREAMER_E2E_URL", "http://127.0.0.1:8080");
    static final String FLINK_URL = "http://127.0.0.1:" + env("STREAMER_FLINK_PORT", "8081");
    static final String DB_URL = env(
            "STREAMER_E2E_DB_URL",
            "jdbc:mysql://127.0.0.1:3307/streamer?sslMode=DISABLED&allowPublicKeyRetrieval=true");
    static final String DB_USER = env("STREAMER_E2E_DB_USER", "root");
    static final String DB_PASSWORD = env("STREAMER_E2E_DB_PASSWORD", "");
    /** The flags .ci/run starts the stack with; tests that restart it use the same. */
    static final List<String> UP_FLAGS = Arrays.asList(
            env("STREAMER_E2E_UP_FLAGS", "--no-generator --no-build").split("\\s+"));

    static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    static final ApiClient API = new ApiClient(URI.create(BASE_URL), Duration.ofSeconds(15), 6);

    private Stack() {}

    record Result(int exit, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    /** Runs {@code bin/streamer ARGS…} and returns its exit status and output. */
    static Result streamer(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ROOT.resolve("bin/streamer").toString());
        command.addAll(List.of(args));
        Path out = Files.createTempFile("streamer-out", ".txt");
        Path err = Files.createTempFile("streamer-err", ".txt");
        Process p = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/streamer " + String.join(" ", args) + " did not finish in 10 minutes");
        }
        Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
        Files.deleteIfExists(out);
        Files.deleteIfExists(err);
        return r;
    }

    /** {@code bin/streamer up} with .ci/run's flags and {@code extra}; fails the test when it does not succeed. */
    static Result up(String... extra) throws Exception {
        List<String> args = new ArrayList<>(List.of("up"));
        args.addAll(UP_FLAGS);
        args.addAll(List.of(extra));
        Result r = streamer(args.toArray(String[]::new));
        System.out.println("bin/streamer " + String.join(" ", args) + "\n" + r);
        assertThat(r.exit()).as("bin/streamer up\n" + r).isZero();
        return r;
    }

    static Result down() throws Exception {
        Result r = streamer("down");
        System.out.println("bin/streamer down\n" + r);
        assertThat(r.exit()).as("bin/streamer down\n" + r).isZero();
        return r;
    }

    /** The PID recorded for a part, or -1 when it has no PID file. */
    static long pid(String part) throws IOException {
        Path f = HOME.resolve("run/" + part + ".pid");
        return Files.exists(f) ? Long.parseLong(Files.readString(f).trim().split("\\s+")[0]) : -1;
    }

    static boolean alive(long pid) {
        return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    /** kill -9 of a part's process. */
    static long killHard(String part) throws IOException {
        long pid = pid(part);
        assertThat(alive(pid)).as(part + " runs before it is killed").isTrue();
        assertThat(ProcessHandle.of(pid).orElseThrow().destroyForcibly())
                .as("SIGKILL to " + part)
                .isTrue();
        return pid;
    }

    /** The job bin/streamer says should run (.streamer/run/flink-job.id). */
    static String recordedJobId() throws IOException {
        Path f = HOME.resolve("run/flink-job.id");
        return Files.exists(f) ? Files.readString(f).trim() : "";
    }

    static JsonNode flink(String path) throws Exception {
        HttpResponse<String> r = HTTP.send(
                HttpRequest.newBuilder(URI.create(FLINK_URL + path))
                        .timeout(Duration.ofSeconds(5))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IOException("GET " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return Json.mapper().readTree(r.body());
    }

    /** The job and every one of its tasks are RUNNING, and it completed a checkpoint since it started. */
    static boolean jobReady(String jobId) {
        try {
            JsonNode job = flink("/jobs/" + jobId);
            if (!job.path("state").asText().equals("RUNNING")) {
                return false;
            }
            for (JsonNode v : job.path("vertices")) {
                if (!v.path("status").asText().equals("RUNNING")) {
                    return false;
                }
            }
            return flink("/jobs/" + jobId + "/checkpoints")
                            .path("counts")
                            .path("completed")
                            .asLong()
                    > 0;
        } catch (Exception e) {
            return false;
        }
    }

    static int jobParallelism(String jobId) throws Exception {
        int max = 0;
        for (JsonNode v : flink("/jobs/" + jobId).path("vertices")) {
            max = Math.max(max, v.path("parallelism").asInt());
        }
        return max;
    }

    /** A signed-in member of the community: its token and user id. */
    record Member(String name, String token, String id, String community) {}

    /** A new user, signed in, member of {@code community} (null: the first community edge-api lists). */
    static Member member(String prefix, String community) {
        String name = prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
        String password = "pw-" + name;
        ApiResponse registered = API.register(name, password);
        assertThat(registered.status())
                .as("register " + name + ": " + registered.describe())
                .isEqualTo(201);
        ApiResponse login = API.login(name, password);
        assertThat(login.status()).as("login " + name + ": " + login.describe()).isEqualTo(200);
        String token = login.text("token");
        if (community == null) {
            ApiResponse communities = API.communities(token);
            assertThat(communities.status()).as(communities.describe()).isEqualTo(200);
            community = communities.body().get(0).path("id").asText();
        }
        ApiResponse joined = API.join(token, community);
        assertThat(joined.status())
                .as("join " + community + ": " + joined.describe())
                .isEqualTo(204);
        return new Member(name, token, API.me(token).text("id"), community);
    }

    /** Asserts a 202: the event is on Kafka. */
    static ApiResponse accepted(ApiResponse r, String what) {
        assertThat(r.status()).as(what + ": " + r.describe()).isEqualTo(202);
        return r;
    }

    /** What MySQL holds for a post: its counters, the users who like it, its comments' ids. */
    record PostRow(long likes, long comments, long shares, Set<String> likedBy, Set<String> commentIds) {}

    static PostRow postRow(String postId) throws Exception {
        try (Connection c = DriverManager.getConnection(DB_URL, DB_USER, DB_PASSWORD)) {
            long likes = -1;
            long comments = -1;
            long shares = -1;
            try (var ps = c.prepareStatement("SELECT likes, comments, shares FROM posts WHERE id = ?")) {
                ps.setString(1, postId);
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next()) {
                        likes = rs.getLong(1);
                        comments = rs.getLong(2);
                        shares = rs.getLong(3);
                    }
                }
            }
            return new PostRow(
                    likes,
                    comments,
                    shares,
                    ids(c, "SELECT user_id FROM post_likes WHERE post_id = ? AND liked", postId),
                    ids(c, "SELECT id FROM comments WHERE post_id = ?", postId));
        }
    }

    private static Set<String> ids(Connection c, String sql, String postId) throws Exception {
        Set<String> out = new TreeSet<>();
        try (var ps = c.prepareStatement(sql)) {
            ps.setString(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
