package dev.streamer.generator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.EventType;
import dev.streamer.contract.Limits;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The crowd acting on edge-api: set-up (accounts, sign-ins, memberships) and single operations, with every accepted
 * event recorded in the {@link GroundTruth}. Operations are planned on the caller's thread from its {@link Random}
 * (users, targets, texts, image seeds) and run on the {@link Driver}'s workers.
 */
final class Simulation {

    private final ApiClient api;
    private final String password;
    private final TextSource texts;
    private final double imageRatio;
    private final long signGuardMillis;
    private final PrintStream log;
    final GroundTruth truth = new GroundTruth();
    final PostBook posts = new PostBook();
    private volatile RequestStats stats;
    private Crowd crowd;
    private SimUser watcher;
    /** The communities the crowd acts in. */
    private final Set<String> communities = new TreeSet<>();

    Simulation(
            ApiClient api,
            String password,
            TextSource texts,
            double imageRatio,
            long signGuardMillis,
            RequestStats setupStats,
            PrintStream log) {
        this.api = api;
        this.signGuardMillis = signGuardMillis;
        this.password = password;
        this.texts = texts;
        this.imageRatio = imageRatio;
        this.stats = setupStats;
        this.log = log;
    }

    void useStats(RequestStats stats) {
        this.stats = stats;
    }

    Crowd crowd() {
        return crowd;
    }

    Set<String> communities() {
        return communities;
    }

    // ---------------------------------------------------------------- set-up

    /**
     * Registers (or reuses) the watcher and {@code users} accounts named {@code prefix-0001}…, signs them in and gives
     * each one 1..{@code maxMemberships} communities unless it already is a member somewhere.
     */
    void setUp(String prefix, int users, int maxMemberships, List<String> only, Random random, Driver driver)
            throws InterruptedException {
        watcher = new SimUser(prefix + "-watcher");
        if (!ensureSignedIn(watcher)) {
            throw new IllegalStateException("cannot sign in the feed watcher " + watcher + " at " + api.base());
        }
        ApiResponse list = api.communities(watcher.token);
        if (!list.is(200)) {
            throw new IllegalStateException("GET /api/communities answered " + list.describe());
        }
        for (JsonNode c : list.body()) {
            String id = c.path("id").asText();
            if (only.isEmpty() || only.contains(id)) {
                communities.add(id);
            }
        }
        if (communities.isEmpty()) {
            throw new IllegalStateException(
                    "no communities to act in (edge-api lists " + list.body() + ", asked for " + only + ")");
        }
        for (String c : communities) {
            if (!watcher.communities.contains(c)) {
                join(watcher, c);
            }
        }

        List<String> ids = new ArrayList<>(communities);
        List<SimUser> all = new ArrayList<>();
        for (int i = 1; i <= users; i++) {
            SimUser u = new SimUser(String.format("%s-%04d", prefix, i));
            List<String> shuffled = new ArrayList<>(ids);
            Collections.shuffle(shuffled, random);
            List<String> wanted = shuffled.subList(0, 1 + random.nextInt(Math.min(maxMemberships, ids.size())));
            all.add(u);
            driver.submit(() -> {
                if (ensureSignedIn(u) && u.communities.stream().noneMatch(communities::contains)) {
                    wanted.forEach(c -> join(u, c));
                }
            });
        }
        driver.awaitIdle(java.time.Duration.ofMinutes(10));
        List<SimUser> ready = all.stream().filter(u -> u.signedIn).toList();
        if (ready.isEmpty()) {
            throw new IllegalStateException("no user could sign in at " + api.base());
        }
        crowd = new Crowd(ready);
        log.printf(
                "generator: %d of %d users ready in %d communities %s%n",
                ready.size(), users, communities.size(), communities);
    }

    private boolean ensureSignedIn(SimUser u) {
        ApiResponse r = api.register(u.username, password);
        if (!r.is(201) && !r.is(409)) {
            log.printf("generator: cannot register %s: %s%n", u, r.describe());
            return false;
        }
        if (r.is(201)) {
            u.membershipsKnown = true;
        }
        for (int attempt = 1; attempt <= 10; attempt++) {
            if (login(u) || u.lastStatus != 429) {
                break;
            }
            // Sign-in is rate-limited: set-up waits and tries again (operations never retry a 4xx).
            sleep(500L * attempt + ThreadLocalRandom.current().nextLong(500));
        }
        if (!u.signedIn) {
            log.printf(
                    "generator: cannot sign in %s (status %d; an account of that name with another password?)%n",
                    u, u.lastStatus);
        }
        return u.signedIn;
    }

    private void join(SimUser u, String community) {
        ApiResponse r = api.join(u.token, community);
        if (r.is(204)) {
            u.communities.add(community);
        } else {
            log.printf("generator: %s cannot join %s: %s%n", u, community, r.describe());
        }
    }

    // ---------------------------------------------------------------- operations

    /**
     * Plans one operation of {@code kind}, falling back to a post when there is nothing to interact with and to a
     * sign-in when nobody can post. Returns null when not even that is possible (every user busy).
     */
    Runnable plan(OpKind kind, Random random) {
        Runnable op = switch (kind) {
            case SIGN -> planSign(random, false);
            case POST -> planPost(random);
            case LIKE, COMMENT, SHARE -> planInteraction(kind, random);
        };
        if (op == null && kind != OpKind.SIGN && kind != OpKind.POST) {
            op = planPost(random);
        }
        if (op == null && kind != OpKind.SIGN) {
            op = planSign(random, true);
        }
        if (op == null) {
            stats.skipped();
        }
        return op;
    }

    private Runnable planSign(Random random, boolean signInOnly) {
        SimUser u = crowd.acquire(random, x -> !signInOnly || !x.signedIn);
        if (u == null) {
            return null;
        }
        return held(u, () -> {
            if (u.signedIn) {
                logout(u);
            } else {
                login(u);
            }
        });
    }

    /**
     * Login and logout answers carry no event time, so a sign-in/out is placed by its request's [sent, answered]
     * interval. One not started within {@code signGuardMillis} of the next window edge stays inside one window (unless
     * it takes longer than the guard), which makes the sign windows exact: {@link Run#submit} defers sign operations
     * while this is true.
     */
    boolean nearWindowEdge() {
        long now = System.currentTimeMillis();
        return GroundTruth.windowStart(now) + GroundTruth.WINDOW_MILLIS - now <= signGuardMillis;
    }

    private Runnable planPost(Random random) {
        SimUser u =
                crowd.acquire(random, x -> x.signedIn && x.communities.stream().anyMatch(communities::contains));
        if (u == null) {
            return null;
        }
        List<String> mine = u.communities.stream().filter(communities::contains).toList();
        String community = mine.get(random.nextInt(mine.size()));
        String text = texts.next(random, Limits.POST_TEXT_MAX);
        boolean withImage = random.nextDouble() < imageRatio;
        long imageSeed = random.nextLong();
        return held(u, () -> post(u, community, text, withImage ? imageSeed : null));
    }

    private Runnable planInteraction(OpKind kind, Random random) {
        PostBook.KnownPost target = posts.randomVisible(random, p -> true);
        if (target == null) {
            return null;
        }
        SimUser u = crowd.acquire(random, x -> x.signedIn && x.communities.contains(target.communityId()));
        if (u == null) {
            return null;
        }
        String text = kind == OpKind.COMMENT ? texts.next(random, Limits.COMMENT_TEXT_MAX) : null;
        return held(u, () -> {
            switch (kind) {
                case LIKE -> {
                    if (u.liked.contains(target.postId())) {
                        interaction(u, target, EventType.POST_UNLIKED, api.unlike(u.token, target.postId()));
                    } else {
                        interaction(u, target, EventType.POST_LIKED, api.like(u.token, target.postId()));
                    }
                }
                case COMMENT ->
                    interaction(u, target, EventType.COMMENT_ADDED, api.comment(u.token, target.postId(), text));
                case SHARE -> interaction(u, target, EventType.POST_SHARED, api.share(u.token, target.postId()));
                default -> throw new IllegalStateException(kind.toString());
            }
        });
    }

    private Runnable held(SimUser u, Runnable action) {
        return () -> {
            try {
                action.run();
            } finally {
                crowd.release(u);
            }
        };
    }

    // ---------------------------------------------------------------- requests and their events

    private boolean login(SimUser u) {
        ApiResponse r = api.login(u.username, password);
        u.lastStatus = r.status();
        record(r, r.is(200));
        if (!r.is(200)) {
            return false;
        }
        u.token = r.body().path("token").asText();
        u.id = r.body().path("user").path("id").asText();
        u.signedIn = true;
        if (!u.membershipsKnown) {
            ApiResponse me = api.me(u.token);
            if (!me.is(200)) {
                throw new IllegalStateException("GET /api/me for " + u + " answered " + me.describe());
            }
            me.body().path("communities").forEach(c -> u.communities.add(c.asText()));
            u.membershipsKnown = true;
        }
        truth.signEvents(
                EventType.USER_SIGNED_IN,
                u.communities,
                u.id,
                r,
                u.token,
                r.body().path("expiresAt").asLong());
        return true;
    }

    private void logout(SimUser u) {
        String token = u.token;
        ApiResponse r = api.logout(token);
        boolean accepted = r.status() / 100 == 2;
        record(r, accepted);
        if (accepted) {
            truth.signEvents(EventType.USER_SIGNED_OUT, u.communities, u.id, r, token, 0);
        }
        if (accepted || r.is(401)) {
            u.signedIn = false;
            u.token = null;
        }
    }

    private void post(SimUser u, String community, String text, Long imageSeed) {
        String mediaId = null;
        if (imageSeed != null) {
            ApiResponse up = api.uploadPng(
                    u.token, "generated-" + Long.toHexString(imageSeed) + ".png", ImageMaker.png(imageSeed, 480, 320));
            if (up.is(201)) {
                mediaId = up.text("mediaId");
            } else {
                log.printf("generator: image upload by %s failed: %s%n", u, up.describe());
                expiredSession(u, up);
            }
        }
        ApiResponse r = api.createPost(u.token, community, text, mediaId);
        record(r, r.is(202));
        if (r.is(202)) {
            String postId = r.text("postId");
            truth.interaction(EventType.POST_CREATED, community, u.id, postId, r.occurredAt(), r);
            posts.created(new PostBook.KnownPost(postId, community));
        }
        expiredSession(u, r);
    }

    private void interaction(SimUser u, PostBook.KnownPost target, EventType type, ApiResponse r) {
        record(r, r.is(202));
        if (r.is(202)) {
            String commentId = type == EventType.COMMENT_ADDED ? r.text("commentId") : null;
            truth.interaction(type, target.communityId(), u.id, target.postId(), commentId, r.occurredAt(), r);
            if (type == EventType.POST_LIKED) {
                u.liked.add(target.postId());
            } else if (type == EventType.POST_UNLIKED) {
                u.liked.remove(target.postId());
            }
        }
        expiredSession(u, r);
    }

    /** Every event-carrying request (sign-in/out, post, interaction) carries an Idempotency-Key. */
    private void record(ApiResponse r, boolean accepted) {
        stats.record(r, accepted);
        truth.requestOutcome(r, true);
    }

    /** A 401 on an operation means the token expired: the user counts as signed out (no event was emitted). */
    private static void expiredSession(SimUser u, ApiResponse r) {
        if (r.is(401)) {
            u.signedIn = false;
            u.token = null;
        }
    }

    // ---------------------------------------------------------------- feed watching

    /** Marks pending posts that the feeds now show as visible (interaction targets). */
    void pollFeeds() {
        for (String community : posts.communitiesWithPending()) {
            ApiResponse r;
            synchronized (watcher) {
                if (watcher.token == null) {
                    return;
                }
                r = api.feed(watcher.token, community, 50);
                if (r.is(401)) {
                    watcher.signedIn = false;
                    watcher.token = null;
                    login(watcher);
                    return;
                }
            }
            if (r.is(200)) {
                r.body().path("posts").forEach(p -> posts.seen(p.path("postId").asText()));
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
