package dev.streamer.infra;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.Topics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Drives {@code bin/streamer kafka|db|flink} as a user does, on free ports and a private state folder, and checks
 * what the commands promise: a live broker with the contract topics, a private MariaDB with the schema, a Flink
 * cluster with a registered TaskManager, and no process left behind by {@code stop}.
 */
class StreamerCliIT {

    static Path root;
    static Path home;
    static Map<String, String> env;

    @BeforeAll
    static void privateStateAndFreePorts() throws IOException {
        root = Path.of(System.getProperty("user.dir")).getParent();
        home = Files.createTempDirectory("streamer-cli-it");
        env = new HashMap<>();
        env.put("STREAMER_HOME", home.toString());
        env.put("STREAMER_KAFKA_PORT", String.valueOf(freePort()));
        env.put("STREAMER_KAFKA_CONTROLLER_PORT", String.valueOf(freePort()));
        env.put("STREAMER_DB_PORT", String.valueOf(freePort()));
        env.put("STREAMER_FLINK_PORT", String.valueOf(freePort()));
        env.put("STREAMER_FLINK_RPC_PORT", String.valueOf(freePort()));
    }

    @AfterAll
    static void stopEverything() throws Exception {
        run("kafka", "stop");
        run("db", "stop");
        run("flink", "stop");
    }

    @Test
    void kafkaStartsWithEveryContractTopicAndStopsCompletely() throws Exception {
        Result start = run("kafka", "start");
        assertThat(start.exit).as(start.output).isZero();
        Result status = run("kafka", "status");
        assertThat(status.exit).as(status.output).isZero();
        assertThat(status.output).contains("bootstrap=127.0.0.1:" + env.get("STREAMER_KAFKA_PORT"));
        for (String topic : Topics.ALL) {
            assertThat(status.output).contains(topic + "\tpartitions=3");
        }
        Result again = run("kafka", "start");
        assertThat(again.output).contains("already running");
        long pid = pid("kafka");
        assertThat(run("kafka", "stop").exit).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(run("kafka", "status").exit).isEqualTo(3);
    }

    @Test
    void privateDatabaseStartsMigratedIsIdempotentAndStopsOnlyItself() throws Exception {
        Result start = run("db", "start");
        assertThat(start.exit).as(start.output).isZero();
        String url = Database.url("127.0.0.1", Integer.parseInt(env.get("STREAMER_DB_PORT")), "streamer");
        try (Connection c = DriverManager.getConnection(url, "root", "")) {
            assertThat(Database.tables(c)).contains("users", "posts", "window_stats", "post_likes");
        }
        Result second = run("db", "start");
        assertThat(second.exit).as(second.output).isZero();
        assertThat(second.output).contains("already running").contains("migrations applied now: 0");
        long pid = pid("db");
        assertThat(run("db", "stop").exit).isZero();
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        // the machine's own server (the one this test suite's other tests use) is still there
        try (Connection c = DriverManager.getConnection(Database.url("127.0.0.1", 3306, ""), "root", "")) {
            assertThat(c.isValid(2)).isTrue();
        }
    }

    @Test
    void flinkClusterHasATaskManagerWithFreeSlotsAndStopsBothJvms() throws Exception {
        Result start = run("flink", "start");
        assertThat(start.exit).as(start.output).isZero();
        Result status = run("flink", "status");
        assertThat(status.output).containsPattern("\"taskmanagers\":1,\"slots-total\":2,\"slots-available\":2");
        long jm = pid("flink-jobmanager");
        long tm = pid("flink-taskmanager");
        assertThat(run("flink", "stop").exit).isZero();
        assertThat(ProcessHandle.of(jm).map(ProcessHandle::isAlive).orElse(false)).isFalse();
        assertThat(ProcessHandle.of(tm).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    }

    record Result(int exit, String output) {
    }

    static Result run(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("bin/streamer").toString());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("bin/streamer " + String.join(" ", args) + " did not finish");
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    static long pid(String part) throws IOException {
        return Long.parseLong(Files.readString(home.resolve("run/" + part + ".pid")).trim().split("\\s+")[0]);
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
