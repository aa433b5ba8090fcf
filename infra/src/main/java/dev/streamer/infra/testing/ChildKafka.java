package dev.streamer.infra.testing;

import dev.streamer.contract.Topics;
import dev.streamer.infra.KafkaTopics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A real Kafka broker (KRaft, combined mode) in a child JVM on fixed ports, so an outage test can kill it and start it
 * again on the same address. All state lives in a directory (config, data, pid file), so any code that knows the
 * directory can control it. The child runs on the test's own classpath (which holds the broker through this module).
 */
public final class ChildKafka {

    private final Path dir;
    private final int port;

    public ChildKafka(Path dir, int port) {
        this.dir = dir;
        this.port = port;
    }

    public static ChildKafka create() {
        try {
            Path dir = Files.createTempDirectory("edge-child-kafka");
            int port = freePort();
            int controller = freePort();
            Files.writeString(
                    dir.resolve("server.properties"),
                    String.join(
                            "\n",
                            "process.roles=broker,controller",
                            "node.id=1",
                            "controller.quorum.voters=1@127.0.0.1:" + controller,
                            "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controller,
                            "advertised.listeners=PLAINTEXT://127.0.0.1:" + port,
                            "controller.listener.names=CONTROLLER",
                            "inter.broker.listener.name=PLAINTEXT",
                            "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                            "log.dirs=" + dir.resolve("data"),
                            "num.partitions=3",
                            "offsets.topic.replication.factor=1",
                            "transaction.state.log.replication.factor=1",
                            "transaction.state.log.min.isr=1",
                            "share.coordinator.state.topic.replication.factor=1",
                            "share.coordinator.state.topic.min.isr=1",
                            "group.initial.rebalance.delay.ms=0",
                            "auto.create.topics.enable=false",
                            ""));
            Files.writeString(
                    dir.resolve("log4j2.properties"),
                    String.join(
                            "\n",
                            "status = error",
                            "appender.console.type = Console",
                            "appender.console.name = STDOUT",
                            "appender.console.layout.type = PatternLayout",
                            "appender.console.layout.pattern = [%d] %p %m (%c)%n",
                            "rootLogger.level = WARN",
                            "rootLogger.appenderRef.stdout.ref = STDOUT",
                            ""));
            ChildKafka kafka = new ChildKafka(dir, port);
            int rc = kafka.java(
                            "kafka.tools.StorageTool",
                            "format",
                            "-t",
                            clusterId(),
                            "-c",
                            dir.resolve("server.properties").toString())
                    .waitFor();
            if (rc != 0) {
                throw new IllegalStateException(
                        "formatting Kafka storage failed: " + Files.readString(dir.resolve("broker.log")));
            }
            return kafka;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public int port() {
        return port;
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker and waits until it listens and every contract topic exists (3 partitions). */
    public void start() {
        try {
            Process p = java("kafka.Kafka", dir.resolve("server.properties").toString());
            Files.writeString(dir.resolve("pid"), Long.toString(p.pid()));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (!listening()) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("Kafka exited: " + Files.readString(dir.resolve("broker.log")));
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("Kafka did not start within 90 s");
                }
                Thread.sleep(200);
            }
            try (KafkaTopics topics = new KafkaTopics(bootstrapServers(), Duration.ofSeconds(60))) {
                topics.create(Topics.ALL, 3);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalStateException("could not start the child Kafka broker", e);
        }
    }

    /** Kills the broker (as a crash would) and waits until it is gone. */
    public void stop() {
        process().ifPresent(p -> {
            p.destroyForcibly();
            p.onExit().join();
        });
    }

    /**
     * Deletes what the broker stored of a topic's partitions, as a disk lost with its data would; only while the broker
     * is stopped. Started again, the broker has those partitions empty, their offsets starting over at 0.
     */
    public void loseData(String topic) {
        if (process().filter(ProcessHandle::isAlive).isPresent()) {
            throw new IllegalStateException("stop the broker before deleting its data");
        }
        try (var dirs = Files.list(dir.resolve("data"))) {
            for (Path partition : dirs.filter(
                            d -> d.getFileName().toString().matches(java.util.regex.Pattern.quote(topic) + "-[0-9]+"))
                    .toList()) {
                try (var files = Files.walk(partition)) {
                    for (Path f :
                            files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                        Files.delete(f);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Optional<ProcessHandle> process() {
        try {
            Path pid = dir.resolve("pid");
            return Files.exists(pid)
                    ? ProcessHandle.of(Long.parseLong(Files.readString(pid).trim()))
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private boolean listening() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private Process java(String mainClass, String... args) throws IOException {
        List<String> cmd = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx384m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                "-Dlog4j2.configurationFile=" + dir.resolve("log4j2.properties"),
                "-cp",
                System.getProperty("java.class.path"),
                mainClass));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dir.resolve("broker.log").toFile()))
                .start();
    }

    /** Kafka's own generator: it never starts an id with '-', which the storage tool would read as an option. */
    private static String clusterId() {
        return org.apache.kafka.common.Uuid.randomUuid().toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
