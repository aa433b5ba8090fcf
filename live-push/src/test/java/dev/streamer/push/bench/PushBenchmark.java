package dev.streamer.push.bench;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.EmotionScores;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.infra.testing.TestDatabase;
import dev.streamer.infra.testing.TestKafka;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.util.KeyUtils;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Not a test. Starts a real broker (in this JVM) and a fresh database, runs the packaged live-push as a child process,
 * connects N WebSocket clients and produces R feed records per second; reports the latency from each Kafka record's
 * timestamp to its receipt by each client (p50/p99/max), messages lost, clients dropped, and the server's RSS.
 * <p>
 * Usage (after {@code mvn -pl live-push package -DskipTests}): see live-push/README.md. Args: clients, records/s,
 * seconds, communities the clients are spread over (1 = every client sees every record).
 */
public final class PushBenchmark {

    private static final long BUCKET_NANOS = 100_000; // 0.1 ms
    private static final int BUCKETS = 50_000; // up to 5 s

    private final AtomicLongArray histogram = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong received = new AtomicLong();
    /** Every post delivered to a client, warm-up included. */
    private final AtomicLong delivered = new AtomicLong();

    private final AtomicLong maxMicros = new AtomicLong();
    private volatile long measureFrom = Long.MAX_VALUE;
    private volatile long measureUntil = Long.MAX_VALUE;

    public static void main(String[] args) throws Exception {
        int clients = args.length > 0 ? Integer.parseInt(args[0]) : 500;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 100;
        int seconds = args.length > 2 ? Integer.parseInt(args[2]) : 30;
        int communities = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        new PushBenchmark().run(clients, rate, seconds, communities);
        System.exit(0);
    }

    /**
     * The same producer and broker with a plain Kafka consumer in place of live-push and its clients: the part of
     * the latency that is Kafka's (and the machine's), not live-push's.
     */
    private void kafkaBaseline(int rate, int seconds) throws Exception {
        try (TestKafka kafka = TestKafka.start();
                KafkaProducer<String, byte[]> producer = kafka.producer();
                org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]> consumer = kafka.consumer()) {
            List<org.apache.kafka.common.TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(Topics.FEED)
                    .forEach(p -> partitions.add(new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            Thread reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    for (var record : consumer.poll(Duration.ofMillis(100))) {
                        long micros = Math.max(0, System.currentTimeMillis() - record.timestamp()) * 1_000;
                        if (record.timestamp() >= measureFrom && record.timestamp() <= measureUntil) {
                            histogram.incrementAndGet((int) Math.min(BUCKETS, micros * 1_000 / BUCKET_NANOS));
                            maxMicros.accumulateAndGet(micros, Math::max);
                            received.incrementAndGet();
                        }
                    }
                }
            });
            reader.start();
            produce(producer, List.of("facebook"), rate, 5);
            measureFrom = System.currentTimeMillis();
            long sent = produce(producer, List.of("facebook"), rate, seconds);
            measureUntil = System.currentTimeMillis();
            awaitDeliveries(sent, Duration.ofSeconds(20));
            reader.interrupt();
            reader.join();
            long n = received.get();
            System.out.printf("%n== Kafka alone (no live-push): %d records/s for %d s ==%n", rate, seconds);
            System.out.printf(
                    "records %d, received %d; latency record timestamp -> consumer: p50 %.1f ms, "
                            + "p99 %.1f ms, max %.1f ms%n",
                    sent, n, percentile(0.50, n), percentile(0.99, n), maxMicros.get() / 1000.0);
            try (var loadavg = Files.lines(Path.of("/proc/loadavg"))) {
                System.out.printf(
                        "machine load average: %s%n", loadavg.findFirst().orElse("?"));
            }
        }
    }

    private void run(int clients, int rate, int seconds, int communityCount) throws Exception {
        if (clients == 0) {
            kafkaBaseline(rate, seconds);
            return;
        }
        List<String> communities =
                List.of("facebook", "instagram", "skype", "twitter").subList(0, communityCount);
        Path root = Path.of(System.getProperty("streamer.root", ".")).toAbsolutePath();
        Path jar = root.resolve("live-push/target/quarkus-app/quarkus-run.jar");
        Path publicKey = root.resolve("live-push/src/test/resources/jwt/test-public.pem");
        if (!Files.exists(jar)) {
            throw new IllegalStateException("build first: mvn -pl live-push package -DskipTests (" + jar + ")");
        }
        PrivateKey signingKey = KeyUtils.readPrivateKey("jwt/test-private.pem");

        TestKafka kafka = TestKafka.start();
        TestDatabase db = TestDatabase.create();
        Process server = null;
        try {
            List<String> users = seedUsers(db, clients, communities);
            int port = freePort();
            int managementPort = freePort();
            ProcessBuilder pb = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    jar.toString());
            pb.environment()
                    .putAll(Map.of(
                            "STREAMER_PUSH_PORT", String.valueOf(port),
                            "STREAMER_PUSH_MANAGEMENT_PORT", String.valueOf(managementPort),
                            "STREAMER_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
                            "STREAMER_DB_URL", db.jdbcUrl(),
                            "STREAMER_DB_USER", db.user(),
                            "STREAMER_DB_PASSWORD", db.password(),
                            "STREAMER_JWT_PUBLIC_KEY", publicKey.toString()));
            Path log = Files.createTempFile("push-bench", ".log");
            pb.redirectErrorStream(true).redirectOutput(log.toFile());
            server = pb.start();
            awaitReady(managementPort, server, log);
            System.out.printf(
                    "server pid %d on port %d (log %s); RSS idle %d MB%n",
                    server.pid(), port, log, rssMb(server.pid(), "VmRSS"));

            HttpClient http = HttpClient.newHttpClient();
            AtomicInteger closed = new AtomicInteger();
            List<WebSocket> sockets = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                String community = communities.get(i % communities.size());
                String token = Jwt.issuer("streamer")
                        .audience("streamer")
                        .subject(users.get(i))
                        .upn("bench" + i)
                        .expiresAt(Instant.now().plusSeconds(3600))
                        .sign(signingKey);
                URI uri = URI.create("ws://127.0.0.1:" + port + "/ws/communities/" + community);
                sockets.add(http.newWebSocketBuilder()
                        .subprotocols("bearer", token)
                        .buildAsync(uri, new Client(closed))
                        .get(10, TimeUnit.SECONDS));
            }
            System.out.printf(
                    "%d clients connected over %s; RSS %d MB%n", clients, communities, rssMb(server.pid(), "VmRSS"));

            try (KafkaProducer<String, byte[]> producer = kafka.producer()) {
                long warmUp = produce(producer, communities, rate, 5); // warm-up, not measured
                awaitAtMost(Duration.ofSeconds(20), () -> delivered.get() >= warmUp * clients / communities.size());
                measureFrom = System.currentTimeMillis();
                long sent = produce(producer, communities, rate, seconds);
                measureUntil = System.currentTimeMillis();
                awaitDeliveries(sent * clients / communities.size(), Duration.ofSeconds(20));
                long expected = sent * clients / communities.size();
                report(clients, rate, seconds, communities.size(), sent, expected, closed.get(), server.pid());
                printServerMetrics(managementPort);
            }
            for (WebSocket s : sockets) {
                s.abort();
            }
        } finally {
            if (server != null) {
                server.destroy();
                server.waitFor(10, TimeUnit.SECONDS);
            }
            db.close();
            kafka.close();
        }
    }

    /** Sends {@code rate} records per second for {@code seconds}, spread evenly over the communities. */
    private static long produce(KafkaProducer<String, byte[]> producer, List<String> communities, int rate, int seconds)
            throws InterruptedException {
        long intervalNanos = 1_000_000_000L / rate;
        long next = System.nanoTime();
        long total = (long) rate * seconds;
        String text = "Benchmark post with a realistic length of text, about two hundred characters, so that each "
                + "message is the size of a real feed update pushed to a browser tab by the live-push service.";
        for (long i = 0; i < total; i++) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            next += intervalNanos;
            long now = System.currentTimeMillis();
            String community = communities.get((int) (i % communities.size()));
            FeedPost post = new FeedPost(
                    UUID.randomUUID().toString(),
                    community,
                    UUID.randomUUID().toString(),
                    "bench",
                    text,
                    null,
                    now,
                    Emotion.JOY,
                    EmotionScores.of(new double[] {0.01, 0.01, 0.01, 0.9, 0.03, 0.02, 0.02}),
                    0,
                    0,
                    0,
                    1);
            // createdAt = the record's timestamp, so a client can compute the latency from the message alone
            producer.send(new ProducerRecord<>(Topics.FEED, null, now, post.postId(), ResultCodec.encode(post)));
        }
        producer.flush();
        return total;
    }

    private final class Client implements WebSocket.Listener {
        private final AtomicInteger closed;
        private final StringBuilder partial = new StringBuilder();

        Client(AtomicInteger closed) {
            this.closed = closed;
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            Instant now = Instant.now();
            long nowMicros = now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000;
            partial.append(data);
            if (last) {
                String message = partial.toString();
                partial.setLength(0);
                int at = message.indexOf("\"createdAt\":");
                if (message.startsWith("{\"type\":\"post\"") && at > 0) {
                    int from = at + 12;
                    int to = from;
                    while (Character.isDigit(message.charAt(to))) {
                        to++;
                    }
                    long recordTimestamp = Long.parseLong(message.substring(from, to));
                    delivered.incrementAndGet();
                    if (recordTimestamp < measureFrom || recordTimestamp > measureUntil) {
                        webSocket.request(1);
                        return null;
                    }
                    long latencyMicros = Math.max(0, nowMicros - recordTimestamp * 1_000);
                    histogram.incrementAndGet((int) Math.min(BUCKETS, latencyMicros * 1_000 / BUCKET_NANOS));
                    maxMicros.accumulateAndGet(latencyMicros, Math::max);
                    received.incrementAndGet();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.incrementAndGet();
            System.out.printf("client closed: %d %s%n", statusCode, reason);
            return null;
        }
    }

    private void awaitDeliveries(long expected, Duration timeout) {
        awaitAtMost(timeout, () -> received.get() >= expected);
    }

    /** Waits until {@code done} or the timeout; what did not arrive by then shows in the report as missing. */
    private static void awaitAtMost(Duration timeout, java.util.concurrent.Callable<Boolean> done) {
        try {
            org.awaitility.Awaitility.await()
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(100))
                    .until(done);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            System.out.println("not all deliveries within " + timeout);
        }
    }

    private void report(
            int clients, int rate, int seconds, int communities, long sent, long expected, int closed, long pid)
            throws IOException {
        long n = received.get();
        System.out.printf(
                "%n== live-push benchmark: %d clients over %d communit%s, %d records/s for %d s ==%n",
                clients, communities, communities == 1 ? "y" : "ies", rate, seconds);
        System.out.printf(
                "records produced %d, deliveries expected %d, received %d (%.2f%%), clients closed %d%n",
                sent, expected, n, 100.0 * n / Math.max(1, expected), closed);
        System.out.printf(
                "latency record timestamp -> client receipt: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, "
                        + "p99.9 %.1f ms, max %.1f ms%n",
                percentile(0.50, n),
                percentile(0.90, n),
                percentile(0.99, n),
                percentile(0.999, n),
                maxMicros.get() / 1000.0);
        System.out.printf("server RSS now %d MB, peak %d MB%n", rssMb(pid, "VmRSS"), rssMb(pid, "VmHWM"));
        try (var loadavg = Files.lines(Path.of("/proc/loadavg"))) {
            System.out.printf(
                    "machine load average (1/5/15 min): %s on %d cores%n",
                    loadavg.findFirst().orElse("?"), Runtime.getRuntime().availableProcessors());
        }
    }

    private double percentile(double q, long n) {
        if (n == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * n);
        long seen = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            seen += histogram.get(i);
            if (seen >= rank) {
                return (i + 1) * BUCKET_NANOS / 1e6;
            }
        }
        return Double.NaN;
    }

    private static void printServerMetrics(int port) throws Exception {
        HttpRequest metrics = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/metrics"))
                .build();
        String body = HttpClient.newHttpClient()
                .send(metrics, HttpResponse.BodyHandlers.ofString())
                .body();
        body.lines().filter(l -> l.startsWith("streamer_push_")).forEach(l -> System.out.println("  server " + l));
    }

    private static List<String> seedUsers(TestDatabase db, int count, List<String> communities) throws Exception {
        List<String> ids = new ArrayList<>();
        long now = System.currentTimeMillis();
        try (Connection c = db.connect();
                PreparedStatement user = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'not-a-real-hash', ?)");
                PreparedStatement member = c.prepareStatement(
                        "INSERT INTO memberships (user_id, community_id, joined_at) VALUES (?, ?, ?)")) {
            for (int i = 0; i < count; i++) {
                String id = UUID.randomUUID().toString();
                ids.add(id);
                user.setString(1, id);
                user.setString(2, "bench" + i);
                user.setLong(3, now);
                user.addBatch();
                for (String community : communities) {
                    member.setString(1, id);
                    member.setString(2, community);
                    member.setLong(3, now);
                    member.addBatch();
                }
            }
            user.executeBatch();
            member.executeBatch();
        }
        return ids;
    }

    private static void awaitReady(int port, Process server, Path log) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5))
                .build();
        try {
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .ignoreExceptionsInstanceOf(IOException.class) // not listening yet
                    .until(() -> {
                        if (!server.isAlive()) {
                            throw new IllegalStateException("server exited; see " + log);
                        }
                        return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                        .statusCode()
                                == 200;
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException("server not ready within 60 s; see " + log, e);
        }
    }

    private static long rssMb(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
            }
        }
        return -1;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
