package dev.streamer.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.chaos.Endpoints;
import dev.streamer.contract.Json;
import dev.streamer.generator.ApiClient;
import dev.streamer.generator.ApiResponse;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How fresh the dashboard is at a fixed load: users post, like, comment and share at {@code rate} events per second
 * through the stack's edge-api while a WebSocket client of the all-communities dashboard records when each message
 * arrives. Window end → that window's first analytics message, and post accepted (its 202) → the enriched post (with
 * its emotion) on the socket.
 */
final class FreshnessStage {

    /**
     * {@code missing}: accepted posts that had not reached the socket {@link #POST_GRACE} after the load ended;
     * {@code socketEnd}: each time the server closed the socket during the run, when and why (after a 4408 the client
     * connects again, as the dashboard does), null if it stayed open.
     */
    record Result(
            double rate,
            Duration load,
            long events,
            Latencies windowToSocket,
            Latencies postToSocket,
            int windows,
            int posts,
            Missing missing,
            Hops hops,
            int resyncs,
            String socketEnd,
            long failures) {}

    /** Accepted posts never seen on the socket, and how far they got: the feed topic (the job wrote them), MySQL. */
    record Missing(int total, int onFeedTopic, int inMysql) {}

    /**
     * Post → socket split at the clocks the records carry, for the posts that arrived (all on this machine's clock):
     * {@code accepted} the post's {@code createdAt} (edge-api made the event) → its 202 at the client;
     * {@code job} createdAt → the job's producer wrote its first feed record; {@code kafka} → a plain consumer read it;
     * {@code livePush} → the WebSocket client got it (negative when the socket was faster than the plain consumer).
     */
    record Hops(Latencies accepted, Latencies job, Latencies kafka, Latencies livePush) {}

    /** How long after the load ends accepted posts may still arrive before they count as missing. */
    static final Duration POST_GRACE = Duration.ofSeconds(30);

    private static final long WINDOW_MILLIS = 30_000;
    /** live-push's close code for a client that did not read fast enough. */
    private static final int TOO_SLOW = 4408;

    private final Endpoints stack;
    private final Bench.Say say;
    private final Path postsCsv;
    private final Map<String, Long> windowArrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> postArrivals = new ConcurrentHashMap<>();
    private final Map<String, Long> postAccepted = new ConcurrentHashMap<>();
    private final List<Visible> visible = new CopyOnWriteArrayList<>();
    private final AtomicInteger resyncs = new AtomicInteger();
    /** Why the server closed the socket, each time it did (null: it stayed open). */
    private volatile String socketEnd;

    private volatile WebSocket socket;
    private volatile boolean finished;
    private volatile long loadStartedAt;

    private record Visible(String postId, String community, long seenAt) {}

    private record User(String id, String token, List<String> communities, Set<String> liked) {}

    /** {@code postsCsv}: where every measured post's clocks go, one row each, to find when a slow stretch happened. */
    FreshnessStage(Endpoints stack, Bench.Say say, Path postsCsv) {
        this.stack = stack;
        this.say = say;
        this.postsCsv = postsCsv;
    }

    /**
     * {@code warmUp} of load first, unmeasured, then {@code load} measured: the posts accepted during it, and the
     * windows that end in it at least {@code bound} + 2 s before it ends (a window fires when the watermark, the
     * newest event time minus {@code bound}, passes its end: a window ending later would fire only once the load has
     * stopped, through the watermark's idle advance, and measure that instead).
     */
    Result run(double rate, Duration warmUp, Duration load, Duration bound, Runnable everySecond) throws Exception {
        ApiClient api = new ApiClient(stack.edge(), Duration.ofSeconds(10), 3);
        String run = Long.toHexString(System.currentTimeMillis()).substring(5);
        String observer = observer(api, "fresh-obs-" + run);
        List<User> users = users(api, "fresh" + run, 40, new Random(run.hashCode()));
        socket = connect(observer).get(10, TimeUnit.SECONDS);
        FeedTopicWatch feed = new FeedTopicWatch(stack.bootstrap());
        say.line(
                "freshness: %s events/s for %d s by %d users (posts, likes, comments, shares), measured after a "
                        + "%d s warm-up",
                trim(rate), load.toSeconds(), users.size(), warmUp.toSeconds());
        ExecutorService workers = Executors.newFixedThreadPool(32);
        Random random = new Random(7);
        long loadStart = System.currentTimeMillis();
        loadStartedAt = loadStart;
        long start = loadStart + warmUp.toMillis();
        long end = start + load.toMillis();
        long sent = 0;
        long[] failures = new long[1];
        long nextSecond = loadStart + 1000;
        try {
            long periodNanos = (long) (1e9 / rate);
            long due = System.nanoTime();
            while (System.currentTimeMillis() < end) {
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    TimeUnit.NANOSECONDS.sleep(wait);
                }
                due += periodNanos;
                User u = users.get(random.nextInt(users.size()));
                int kind = random.nextInt(4);
                long seed = random.nextLong();
                boolean measured = System.currentTimeMillis() >= start;
                workers.execute(() -> {
                    if (!act(api, u, kind, new Random(seed), measured)) {
                        synchronized (failures) {
                            failures[0]++;
                        }
                    }
                });
                if (measured) {
                    sent++;
                }
                if (System.currentTimeMillis() >= nextSecond) {
                    everySecond.run();
                    nextSecond += 1000;
                }
            }
            workers.shutdown();
            workers.awaitTermination(60, TimeUnit.SECONDS);
            long lastEnd = ((end - bound.toMillis() - 2_000) / WINDOW_MILLIS) * WINDOW_MILLIS;
            // the last complete window's result comes about the watermark bound after its end; the posts accepted
            // last need their own time (a window boundary just before the end of the load would leave them none)
            long windowsDue = lastEnd + 20_000;
            long postsDue = System.currentTimeMillis() + POST_GRACE.toMillis();
            while (System.currentTimeMillis() < windowsDue
                    || (System.currentTimeMillis() < postsDue
                            && !postArrivals.keySet().containsAll(postAccepted.keySet()))) {
                Thread.sleep(200);
            }
            List<Long> windowLatencies = new ArrayList<>();
            long firstEnd = (start / WINDOW_MILLIS + 2) * WINDOW_MILLIS; // the first window that starts measured
            windowArrivals.forEach((key, arrived) -> {
                long windowEnd = Long.parseLong(key.substring(key.indexOf('@') + 1)) + WINDOW_MILLIS;
                if (windowEnd >= firstEnd && windowEnd <= lastEnd) {
                    windowLatencies.add(arrived - windowEnd);
                }
            });
            List<Long> postLatencies = new ArrayList<>();
            List<String> missing = new ArrayList<>();
            long[][] hops = new long[4][];
            List<long[]> hopRows = new ArrayList<>();
            StringBuilder csv =
                    new StringBuilder("post_id,created_at,accepted_at,feed_written_at,feed_read_at,socket_at\n");
            postAccepted.forEach((postId, accepted) -> {
                Long arrived = postArrivals.get(postId);
                FeedTopicWatch.FirstRecord r = feed.first(postId);
                csv.append(postId)
                        .append(',')
                        .append(r == null ? "" : r.createdAt())
                        .append(',')
                        .append(accepted)
                        .append(',')
                        .append(r == null ? "" : r.writtenAt())
                        .append(',')
                        .append(r == null ? "" : r.readAt())
                        .append(',')
                        .append(arrived == null ? "" : arrived)
                        .append('\n');
                if (arrived == null) {
                    missing.add(postId);
                    return;
                }
                postLatencies.add(arrived - accepted);
                if (r != null) {
                    hopRows.add(new long[] {
                        accepted - r.createdAt(),
                        r.writtenAt() - r.createdAt(),
                        r.readAt() - r.writtenAt(),
                        arrived - r.readAt()
                    });
                }
            });
            for (int i = 0; i < 4; i++) {
                int hop = i;
                hops[i] = hopRows.stream().mapToLong(row -> row[hop]).toArray();
            }
            Hops h = new Hops(
                    Latencies.ofMillis(hops[0]),
                    Latencies.ofMillis(hops[1]),
                    Latencies.ofMillis(hops[2]),
                    Latencies.ofMillis(hops[3]));
            Missing m = new Missing(
                    missing.size(),
                    (int) missing.stream().filter(id -> feed.first(id) != null).count(),
                    inMysql(missing));
            Files.writeString(postsCsv, csv, StandardCharsets.UTF_8);
            say.line("freshness: every measured post's clocks (epoch ms) in %s", postsCsv);
            Latencies w = Latencies.ofMillis(
                    windowLatencies.stream().mapToLong(Long::longValue).toArray());
            Latencies p = Latencies.ofMillis(
                    postLatencies.stream().mapToLong(Long::longValue).toArray());
            say.line("freshness: window end -> socket %s", w.summary());
            say.line("freshness: post accepted -> socket %s", p.summary());
            say.line(
                    "freshness: hops: edge-api (createdAt -> 202) %s; job (createdAt -> feed record written) %s; "
                            + "Kafka (written -> read by a plain consumer) %s; live-push (read -> socket) %s",
                    h.accepted().summary(),
                    h.job().summary(),
                    h.kafka().summary(),
                    h.livePush().summary());
            if (m.total() > 0) {
                say.line(
                        "freshness: %d accepted posts never arrived within %d s after the load: %d of them on the feed "
                                + "topic, %d in MySQL (first: %s)",
                        m.total(), POST_GRACE.toSeconds(), m.onFeedTopic(), m.inMysql(), missing.get(0));
            }
            if (socketEnd != null || resyncs.get() > 0) {
                say.line(
                        "freshness: the socket %s; %d resyncs",
                        socketEnd == null ? "stayed open" : "was closed: " + socketEnd, resyncs.get());
            }
            return new Result(
                    rate,
                    load,
                    sent,
                    w,
                    p,
                    windowLatencies.size(),
                    postLatencies.size(),
                    m,
                    h,
                    resyncs.get(),
                    socketEnd,
                    failures[0]);
        } finally {
            finished = true;
            workers.shutdownNow();
            feed.close();
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
        }
    }

    private CompletableFuture<WebSocket> connect(String observer) {
        return HttpClient.newHttpClient()
                .newWebSocketBuilder()
                .subprotocols("bearer", observer)
                .header("Origin", stack.origin())
                .buildAsync(URI.create(stack.push() + "/ws/communities/all"), new Listener(observer));
    }

    /** How many of these post ids have a row in MySQL's {@code posts}. */
    private int inMysql(List<String> postIds) throws SQLException {
        if (postIds.isEmpty()) {
            return 0;
        }
        String marks = String.join(",", Collections.nCopies(postIds.size(), "?"));
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(), stack.jdbcUser(), stack.jdbcPassword());
                PreparedStatement q = c.prepareStatement("SELECT COUNT(*) FROM posts WHERE id IN (" + marks + ")")) {
            for (int i = 0; i < postIds.size(); i++) {
                q.setString(i + 1, postIds.get(i));
            }
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * One event: a post, a like or unlike, a comment or a share of a post the socket already showed; a post sent while
     * {@code measured} is timed.
     */
    private boolean act(ApiClient api, User u, int kind, Random random, boolean measured) {
        // a post is on the socket as soon as its MySQL row is being written: give that a second
        long settled = System.currentTimeMillis() - 1000;
        List<Visible> mine = visible.stream()
                .filter(v -> v.seenAt() < settled && u.communities().contains(v.community()))
                .toList();
        if (kind == 0 || mine.isEmpty()) {
            String community =
                    u.communities().get(random.nextInt(u.communities().size()));
            ApiResponse r = api.createPost(
                    u.token(),
                    community,
                    "Fresh " + random.nextInt(1000) + ": so happy the benchmark runs today!",
                    null);
            if (r.is(202)) {
                if (measured) {
                    postAccepted.put(r.text("postId"), r.receivedAt());
                }
                return true;
            }
            return false;
        }
        Visible target = mine.get(random.nextInt(mine.size()));
        ApiResponse r = switch (kind) {
            case 1 ->
                u.liked().remove(target.postId())
                        ? api.unlike(u.token(), target.postId())
                        : u.liked().add(target.postId()) ? api.like(u.token(), target.postId()) : null;
            case 2 -> api.comment(u.token(), target.postId(), "Nice one " + random.nextInt(100));
            default -> api.share(u.token(), target.postId());
        };
        return r != null && r.is(202);
    }

    private static String observer(ApiClient api, String name) {
        String password = "fresh-password-" + name;
        ApiResponse registered = api.register(name, password);
        ApiResponse login = api.login(name, password);
        // a registration whose 201 was lost to a client timeout is retried and answered 409: the login decides
        if (!login.is(200)) {
            throw new IllegalStateException("cannot sign in " + name + ": registration " + registered.describe()
                    + ", login " + login.describe());
        }
        String token = login.text("token");
        for (JsonNode c : api.communities(token).body()) {
            api.join(token, c.path("id").asText());
        }
        return token;
    }

    private static List<User> users(ApiClient api, String prefix, int n, Random random) {
        List<String> communities = new ArrayList<>();
        List<User> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = String.format("%s-%02d", prefix, i);
            String password = "fresh-password-" + name;
            api.register(name, password);
            ApiResponse login = api.login(name, password);
            if (!login.is(200)) {
                throw new IllegalStateException("cannot sign in " + name + ": " + login.describe());
            }
            String token = login.text("token");
            if (communities.isEmpty()) {
                api.communities(token)
                        .body()
                        .forEach(c -> communities.add(c.path("id").asText()));
            }
            List<String> mine = new ArrayList<>(communities);
            Collections.shuffle(mine, random);
            mine = List.copyOf(mine.subList(0, Math.min(2, mine.size())));
            mine.forEach(c -> api.join(token, c));
            out.add(new User(
                    login.body().path("user").path("id").asText(), token, mine, ConcurrentHashMap.newKeySet()));
        }
        return out;
    }

    private final class Listener implements WebSocket.Listener {
        private final StringBuilder partial = new StringBuilder();
        private final String observer;

        Listener(String observer) {
            this.observer = observer;
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                long now = System.currentTimeMillis();
                try {
                    JsonNode m = Json.mapper().readTree(partial.toString().getBytes(StandardCharsets.UTF_8));
                    switch (m.path("type").asText()) {
                        case "analytics" -> {
                            JsonNode w = m.path("window");
                            if (!w.path("update").asBoolean()) {
                                windowArrivals.putIfAbsent(
                                        w.path("communityId").asText() + "@"
                                                + w.path("windowStart").asLong(),
                                        now);
                            }
                        }
                        case "resync" -> resyncs.incrementAndGet();
                        case "post" -> {
                            JsonNode p = m.path("post");
                            String id = p.path("postId").asText();
                            if (postArrivals.putIfAbsent(id, now) == null) {
                                visible.add(
                                        new Visible(id, p.path("communityId").asText(), now));
                            }
                        }
                        default -> {
                            // the snapshot: windows from before the measurement
                        }
                    }
                } catch (IOException e) {
                    // not JSON: nothing to measure
                }
                partial.setLength(0);
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int code, String reason) {
            // as the dashboard does: a client dropped as too slow connects again (posts sent meanwhile are missed)
            boolean reconnect = code == TOO_SLOW && !finished;
            socketEnd = (socketEnd == null ? "" : socketEnd + "; ") + code + " " + reason + " at +"
                    + (System.currentTimeMillis() - loadStartedAt) / 1000 + " s of the load"
                    + (reconnect ? ", reconnected" : "");
            if (reconnect) {
                connect(observer).thenAccept(s -> socket = s).exceptionally(e -> {
                    socketEnd += " (reconnect failed: " + e + ")";
                    return null;
                });
            }
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            socketEnd = "error " + error;
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
