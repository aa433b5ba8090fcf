package dev.streamer.generator;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * The real edge-api, built by the reactor before this module, run as a child JVM ({@code java -jar quarkus-run.jar}) on
 * a free port against the given broker and database, with a JWT key pair generated for the run.
 */
final class EdgeApiProcess implements AutoCloseable {

    private final Process process;
    private final Path log;
    final URI baseUrl;

    private EdgeApiProcess(Process process, Path log, URI baseUrl) {
        this.process = process;
        this.log = log;
        this.baseUrl = baseUrl;
    }

    static Path jar() {
        Path root = Path.of(System.getProperty("streamer.root", ".."))
                .toAbsolutePath()
                .normalize();
        Path jar = root.resolve("edge-api/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(
                    "edge-api is not built: " + jar + " is missing. Build it first with "
                            + "'mvn -B -q -pl edge-api -am install -DskipTests' (the reactor builds edge-api before generator).");
        }
        return jar;
    }

    static EdgeApiProcess start(String kafkaBootstrap, String jdbcUrl, String dbUser, String dbPassword, Path workDir)
            throws IOException, InterruptedException {
        Path jar = jar();
        Files.createDirectories(workDir);
        Path privateKey = workDir.resolve("jwt-private.pem");
        Path publicKey = workDir.resolve("jwt-public.pem");
        writeKeyPair(privateKey, publicKey);
        int port = freePort();
        int management = freePort();
        Path log = workDir.resolve("edge-api.log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command =
                new ArrayList<>(List.of(java, "-Xmx384m", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder pb = new ProcessBuilder(command)
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("STREAMER_EDGE_PORT", String.valueOf(port));
        env.put("STREAMER_EDGE_HOST", "127.0.0.1");
        env.put("STREAMER_EDGE_MANAGEMENT_PORT", String.valueOf(management));
        env.put("STREAMER_DB_URL", jdbcUrl);
        env.put("STREAMER_DB_USER", dbUser);
        env.put("STREAMER_DB_PASSWORD", dbPassword);
        env.put("STREAMER_DB_POOL", "8");
        env.put("STREAMER_KAFKA_BOOTSTRAP", kafkaBootstrap);
        env.put("STREAMER_JWT_PRIVATE_KEY", privateKey.toString());
        env.put("STREAMER_JWT_PUBLIC_KEY", publicKey.toString());
        env.put("STREAMER_BCRYPT_COST", "4");
        EdgeApiProcess edge = new EdgeApiProcess(pb.start(), log, URI.create("http://127.0.0.1:" + port));
        try {
            edge.awaitReady(URI.create("http://127.0.0.1:" + management + "/q/health/ready"), Duration.ofSeconds(120));
        } catch (RuntimeException e) {
            edge.close();
            throw e;
        }
        return edge;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Readiness is on the management interface (its own port), not on the public one. */
    private void awaitReady(URI health, Duration timeout) {
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest ready =
                HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build();
        try {
            Awaitility.await("edge-api ready")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException(
                                    "edge-api exited with " + process.exitValue() + ":\n" + tail());
                        }
                        try {
                            return http.send(ready, HttpResponse.BodyHandlers.discarding())
                                            .statusCode()
                                    == 200;
                        } catch (IOException notYet) {
                            return false; // not listening yet
                        }
                    });
        } catch (ConditionTimeoutException e) {
            throw new IllegalStateException("edge-api not ready after " + timeout + ":\n" + tail(), e);
        }
    }

    String tail() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void writeKeyPair(Path privatePem, Path publicPem) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.writeString(
                    privatePem, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(publicPem, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
