package dev.streamer.bench;

import dev.streamer.chaos.Endpoints;
import dev.streamer.generator.ApiClient;
import dev.streamer.generator.ApiResponse;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * edge-api's accepted events per second against its no-op route ({@code POST /api/bench/noop}: same token check,
 * same JSON body, same worker thread, no membership check, no Kafka), with the same Java client, the same number of
 * requests in flight and the same time, on a JVM warmed up on both and in alternating rounds ({@link AlternatingRounds}).
 * It runs a second edge-api of the built jar, in benchmark mode, writing to
 * a topic of its own, so that the flood of posts never reaches the stack's job (whose emotion model would take many
 * minutes to classify it), with the per-user rate limits lifted; it shares the stack's broker and database.
 */
final class IngestStage {

    /** Both routes over the same alternating rounds; {@code measured}: each route's measured time in all. */
    record Result(AlternatingRounds.Outcome rounds, int inFlight, Duration measured) {
        Load noop() {
            return rounds.baseline();
        }

        Load posts() {
            return rounds.route();
        }

        double ratio() {
            return rounds.ratio();
        }
    }

    private final Endpoints stack;
    private final Path edgeJar;
    private final Path jwtPrivate;
    private final Path jwtPublic;
    private final Path log;
    private final Bench.Say say;

    IngestStage(Endpoints stack, Path edgeJar, Path jwtPrivate, Path jwtPublic, Path log, Bench.Say say) {
        this.stack = stack;
        this.edgeJar = edgeJar;
        this.jwtPrivate = jwtPrivate;
        this.jwtPublic = jwtPublic;
        this.log = log;
        this.say = say;
    }

    /** {@code measure}: each route's measured time in all, split into {@code rounds} alternating rounds. */
    Result run(int inFlight, Duration warmUp, Duration measure, int rounds) throws Exception {
        String topic = "streamer.bench.activity." + System.currentTimeMillis();
        int port = freePort();
        int management = freePort();
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(topic, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
            Process edge = startEdge(topic, port, management);
            try {
                URI base = URI.create("http://127.0.0.1:" + port);
                awaitReady(edge, URI.create("http://127.0.0.1:" + management + "/q/health/ready"));
                String token = benchUser(base);
                byte[] body = "{\"text\":\"A benchmark post: nothing to see here, just measuring.\"}"
                        .getBytes(StandardCharsets.UTF_8);
                URI noop = base.resolve("/api/bench/noop");
                URI posts = base.resolve("/api/communities/facebook/posts");
                try (HttpLoad probe = new HttpLoad(token, body, 1)) {
                    if (probe.run(noop, Duration.ofMillis(200)).failures() > 0) {
                        throw new IllegalStateException(
                                "the no-op route of the benchmark instance does not answer 2xx");
                    }
                }
                Duration perRound = measure.dividedBy(rounds);
                say.line(
                        "ingest: %d requests in flight; %d s warm-up of each route, then %d rounds of %.1f s per route, "
                                + "alternating which goes first",
                        inFlight, warmUp.toSeconds(), rounds, perRound.toMillis() / 1000.0);
                try (HttpLoad load = new HttpLoad(token, body, inFlight)) {
                    AlternatingRounds.Outcome outcome = AlternatingRounds.run(
                            (side, duration) -> {
                                double cpuBefore = cpuSeconds(edge);
                                Load l = load.run(side == AlternatingRounds.Side.BASELINE ? noop : posts, duration)
                                        .withServerCpu(cpuSeconds(edge) - cpuBefore);
                                say.line(
                                        "ingest:   %s %,.0f/s (%d failed), edge-api %.0f µs CPU per request",
                                        side == AlternatingRounds.Side.BASELINE ? "no-op" : "posts",
                                        l.perSecond(),
                                        l.failures(),
                                        l.serverCpuMicrosPerRequest());
                                return l;
                            },
                            warmUp,
                            perRound,
                            rounds);
                    say.line(
                            "ingest: no-op route %,.0f/s, %s, edge-api %.0f µs CPU per request",
                            outcome.baseline().perSecond(),
                            outcome.baseline().latencies().summary(),
                            outcome.baseline().serverCpuMicrosPerRequest());
                    say.line(
                            "ingest: posts %,.0f/s accepted, %s, edge-api %.0f µs CPU per request; ratio %.2f "
                                    + "(rounds %.2f to %.2f)",
                            outcome.route().perSecond(),
                            outcome.route().latencies().summary(),
                            outcome.route().serverCpuMicrosPerRequest(),
                            outcome.ratio(),
                            outcome.lowestRoundRatio(),
                            outcome.highestRoundRatio());
                    requireOwnTopic(admin, topic, outcome.route().latencies().count());
                    return new Result(outcome, inFlight, measure);
                }
            } finally {
                edge.destroy();
                edge.waitFor(30, TimeUnit.SECONDS);
                admin.deleteTopics(List.of(topic)).all().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The accepted posts are in the benchmark's own topic: an edge-api that ignored {@code STREAMER_KAFKA_TOPIC} would
     * flood the stack's activity topic, whose job would classify every post while the load runs (a slower stack, and
     * a ratio that measures the job instead of edge-api: seen 2026-11-30). The topic is new, so its end offsets are
     * its record count (infra's {@code KafkaTopics.records} counts the same, but infra brings the broker and log4j
     * onto the bench's class path).
     */
    private static void requireOwnTopic(Admin admin, String topic, long accepted) throws Exception {
        var partitions = admin
                .describeTopics(List.of(topic))
                .allTopicNames()
                .get(30, TimeUnit.SECONDS)
                .get(topic)
                .partitions()
                .stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> OffsetSpec.latest()));
        long records = admin.listOffsets(partitions).all().get(30, TimeUnit.SECONDS).values().stream()
                .mapToLong(ListOffsetsResultInfo::offset)
                .sum();
        if (records < accepted) {
            throw new IllegalStateException("the benchmark edge-api accepted " + accepted + " posts but its topic "
                    + topic + " holds " + records + " records: it did not write to the topic it was given"
                    + " (STREAMER_KAFKA_TOPIC)");
        }
    }

    /** The CPU time (user and system) the process has used so far; its JVM's threads all count. */
    private static double cpuSeconds(Process process) {
        return process.toHandle()
                        .info()
                        .totalCpuDuration()
                        .orElseThrow(() -> new IllegalStateException("the OS does not tell the process's CPU time"))
                        .toNanos()
                / 1e9;
    }

    private Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrap());
        return Admin.create(p);
    }

    private Process startEdge(String topic, int port, int management) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(
                        "java", "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-jar", edgeJar.toString())
                .directory(stack.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("STREAMER_EDGE_PORT", String.valueOf(port));
        env.put("STREAMER_EDGE_HOST", "127.0.0.1");
        env.put("STREAMER_EDGE_MANAGEMENT_PORT", String.valueOf(management));
        env.put("STREAMER_BENCH", "true");
        env.put("STREAMER_RATE_LIMIT_ENABLED", "false");
        env.put("STREAMER_KAFKA_TOPIC", topic);
        env.put("STREAMER_KAFKA_BOOTSTRAP", stack.bootstrap());
        env.put("STREAMER_DB_URL", stack.jdbcUrl());
        env.put("STREAMER_DB_USER", stack.jdbcUser());
        env.put("STREAMER_DB_PASSWORD", stack.jdbcPassword());
        env.put("STREAMER_JWT_PRIVATE_KEY", jwtPrivate.toString());
        env.put("STREAMER_JWT_PUBLIC_KEY", jwtPublic.toString());
        say.line("ingest: a benchmark edge-api on port %d writing to %s (log %s)", port, topic, log);
        return pb.start();
    }

    private static void awaitReady(Process edge, URI health) throws InterruptedException {
        HttpClient http = HttpClient.newHttpClient();
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            if (!edge.isAlive()) {
                throw new IllegalStateException("the benchmark edge-api exited");
            }
            try {
                if (http.send(HttpRequest.newBuilder(health).GET().build(), HttpResponse.BodyHandlers.discarding())
                                .statusCode()
                        == 200) {
                    return;
                }
            } catch (IOException e) {
                // not up yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the benchmark edge-api was not ready within 120 s");
    }

    private static String benchUser(URI base) {
        ApiClient api = new ApiClient(base, Duration.ofSeconds(10), 3);
        String name = "bench-" + Long.toHexString(System.currentTimeMillis()).substring(4);
        String password = "bench-password-" + name;
        ApiResponse registered = api.register(name, password);
        ApiResponse login = api.login(name, password);
        // a registration whose 201 was lost to a client timeout is retried and answered 409: the login decides
        if (!login.is(200)) {
            throw new IllegalStateException("cannot sign in the benchmark user: registration " + registered.describe()
                    + ", login " + login.describe());
        }
        String token = login.text("token");
        ApiResponse joined = api.join(token, "facebook");
        if (!joined.is(204)) {
            throw new IllegalStateException("the benchmark user cannot join facebook: " + joined.describe());
        }
        return token;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
