package dev.streamer.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A closed-loop HTTP load: {@code inFlight} request loops, each sending the next request when the previous one is
 * answered. One client (and so one connection pool) for every run, so that a later run does not pay for connections
 * an earlier one already opened.
 */
final class HttpLoad implements AutoCloseable {

    private final ExecutorService executor = Executors.newFixedThreadPool(2);
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .executor(executor)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final String token;
    private final byte[] body;
    private final int inFlight;

    HttpLoad(String token, byte[] body, int inFlight) {
        this.token = token;
        this.body = body;
        this.inFlight = inFlight;
    }

    Load run(URI uri, Duration duration) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        CountDownLatch done = new CountDownLatch(inFlight);
        AtomicLong failures = new AtomicLong();
        List<Growable> latencies = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            Growable mine = new Growable();
            latencies.add(mine);
            new Object() {
                void next() {
                    long t0 = System.nanoTime();
                    if (t0 >= end) {
                        done.countDown();
                        return;
                    }
                    client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                            .whenComplete((r, e) -> {
                                if (e == null && r.statusCode() / 100 == 2) {
                                    mine.add((System.nanoTime() - t0) / 1_000);
                                } else {
                                    failures.incrementAndGet();
                                }
                                next();
                            });
                }
            }.next();
        }
        if (!done.await(duration.toSeconds() + 60, TimeUnit.SECONDS)) {
            throw new IllegalStateException("requests to " + uri + " still unanswered 60 s after the load ended");
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Load(Latencies.ofMicros(Growable.concat(latencies)), seconds, failures.get());
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
