package dev.streamer.chaos;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The running local stack as {@code bin/streamer} manages it: its commands (run as a user runs them), the processes
 * of its parts (PID files under {@code STREAMER_HOME/run}) and its health URLs.
 */
public final class Stack {

    /** A {@code bin/streamer} command's exit code and the last lines it printed. */
    public record Result(int exit, String tail, Duration took) {
        public boolean ok() {
            return exit == 0;
        }
    }

    private final Endpoints endpoints;
    private final Path log;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public Stack(Endpoints endpoints, Path log) {
        this.endpoints = endpoints;
        this.log = log;
    }

    public Endpoints endpoints() {
        return endpoints;
    }

    /** Runs {@code bin/streamer ARGS...}, its output appended to the chaos run's stack log. */
    public Result streamer(Duration timeout, String... args) throws InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(endpoints.root().resolve("bin/streamer").toString());
        command.addAll(List.of(args));
        long t0 = System.nanoTime();
        try {
            Files.writeString(
                    log,
                    "\n$ bin/streamer " + String.join(" ", args) + "\n",
                    StandardCharsets.UTF_8,
                    java.nio.file.StandardOpenOption.CREATE,
                    java.nio.file.StandardOpenOption.APPEND);
            Path out = Files.createTempFile(log.getParent(), "streamer-", ".out");
            try {
                Process p = new ProcessBuilder(command)
                        .directory(endpoints.root().toFile())
                        .redirectErrorStream(true)
                        .redirectOutput(out.toFile())
                        .start();
                boolean done = p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (!done) {
                    p.descendants().forEach(ProcessHandle::destroy);
                    p.destroy();
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                String text = Files.readString(out, StandardCharsets.UTF_8);
                Files.writeString(log, text, StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
                return new Result(done ? p.exitValue() : -1, tail(text, 12), Duration.ofNanos(System.nanoTime() - t0));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            return new Result(-1, e.toString(), Duration.ofNanos(System.nanoTime() - t0));
        }
    }

    /** The process of a part ({@code flink-taskmanager}, {@code edge-api}, ...) if its PID file names a live one. */
    public Optional<ProcessHandle> process(String part) {
        Path pidFile = endpoints.home().resolve("run").resolve(part + ".pid");
        try {
            String line = Files.readString(pidFile, StandardCharsets.UTF_8).trim();
            if (line.isEmpty()) {
                return Optional.empty();
            }
            long pid = Long.parseLong(line.split("\\s+")[0]);
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** {@code kill -9} of a part's process (SIGKILL: no shutdown hook, no savepoint, no goodbye); its PID. */
    public long kill9(String part) {
        ProcessHandle p = process(part).orElseThrow(() -> new IllegalStateException(part + " is not running"));
        p.destroyForcibly();
        try {
            p.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(part + " (pid " + p.pid() + ") did not die after SIGKILL", e);
        }
        return p.pid();
    }

    /** True when {@code url} answers 200 within two seconds. */
    public boolean healthy(URI url) {
        try {
            HttpResponse<Void> r = http.send(
                    HttpRequest.newBuilder(url)
                            .timeout(Duration.ofSeconds(2))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public boolean servicesHealthy() {
        return healthy(endpoints.edgeHealth()) && healthy(endpoints.pushHealth());
    }

    private static String tail(String text, int lines) {
        String[] all = text.split("\n");
        return String.join("\n", java.util.Arrays.copyOfRange(all, Math.max(0, all.length - lines), all.length));
    }
}
