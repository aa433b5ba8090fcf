package dev.streamer.generator;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.EventType;
import dev.streamer.contract.Limits;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Every event edge-api accepted (answered 2xx) for this generator, and what an exact consumer of the activity topic
 * must therefore compute from them: counts per community and 30-second window of {@code occurredAt} (plus the
 * {@value Limits#ALL_COMMUNITIES} row), distinct active users per window, each touched post's final counts, and the
 * signed-in gauge at each window's end: this generator's users with a session (a token) open then — signed in in that
 * community before the end, not signed out (that token, there) before it, token not expired by it (contract
 * {@code WindowResult.signedIn}). Sessions of other clients are not in it.
 *
 * <p>Interactions carry the {@code occurredAt} edge-api returned and are exact. Login and logout answers carry no event
 * time, so a sign-in/out is known only to lie between the request's send and answer times (same-machine clock). When
 * both ends fall in one window its window is certain; otherwise it is assigned to the answer's window and counted as
 * approximate. Answers whose {@code occurredAt} lies outside [sent, received] reveal clock skew between the generator
 * and edge-api, which makes every sign-in/out window approximate.
 * Thread-safe.
 */
public final class GroundTruth {

    public static final long WINDOW_MILLIS = 30_000;

    /**
     * One accepted event. {@code occurredAt} is -1 for sign-ins/outs whose time is not returned; {@code commentId} is
     * set for COMMENT_ADDED only.
     */
    private record Accepted(
            long seq,
            EventType type,
            String communityId,
            String userId,
            String postId,
            String commentId,
            long windowStart,
            long occurredAt,
            boolean approximate) {}

    /** A session of one user in one community: its token, from its sign-in to its sign-out or expiry. */
    private static final class Session {
        final String userId;
        long signedInAt = Long.MIN_VALUE;
        long expiresAt = Long.MAX_VALUE;
        long signedOutAt = Long.MAX_VALUE;

        Session(String userId) {
            this.userId = userId;
        }

        boolean openAt(long t) {
            return signedInAt != Long.MIN_VALUE && signedInAt < t && signedOutAt >= t && expiresAt > t;
        }
    }

    /** community → token → session (sign-ins and sign-outs that named their token). */
    private final Map<String, Map<String, Session>> sessions = new HashMap<>();

    private final List<Accepted> events = new ArrayList<>();
    private final Map<String, Report.PostCounts> createdPosts = new LinkedHashMap<>();
    private long seq;
    private long clockViolations;
    private long uncertainAttempts;
    private long uncertainEvents;

    public static long windowStart(long occurredAt) {
        return Math.floorDiv(occurredAt, WINDOW_MILLIS) * WINDOW_MILLIS;
    }

    /** A POST_CREATED, like, unlike, comment or share accepted with this {@code occurredAt}. */
    public void interaction(
            EventType type, String communityId, String userId, String postId, long occurredAt, ApiResponse response) {
        interaction(type, communityId, userId, postId, null, occurredAt, response);
    }

    /** As {@link #interaction(EventType, String, String, String, long, ApiResponse)}, with a comment's id. */
    public synchronized void interaction(
            EventType type,
            String communityId,
            String userId,
            String postId,
            String commentId,
            long occurredAt,
            ApiResponse response) {
        if (type == EventType.USER_SIGNED_IN || type == EventType.USER_SIGNED_OUT) {
            throw new IllegalArgumentException(type + " is recorded with signEvents");
        }
        if (occurredAt < response.firstSentAt() || occurredAt > response.receivedAt()) {
            clockViolations++;
        }
        events.add(new Accepted(
                seq++, type, communityId, userId, postId, commentId, windowStart(occurredAt), occurredAt, false));
        if (type == EventType.POST_CREATED) {
            createdPosts.put(
                    postId,
                    new Report.PostCounts(postId, communityId, userId, occurredAt, 0, 0, 0, List.of(), List.of()));
        }
    }

    /**
     * The USER_SIGNED_IN/OUT events edge-api emitted, one per community, for a login or logout answered by response.
     * When the answer carries an {@code occurredAt} (edge-api may add one) the events are exact like interactions.
     */
    public synchronized void signEvents(
            EventType type, Collection<String> communities, String userId, ApiResponse response) {
        signEvents(type, communities, userId, response, null, 0);
    }

    /**
     * As {@link #signEvents(EventType, Collection, String, ApiResponse)}, for the session {@code token}: the token a
     * sign-in answered (with its {@code expiresAt}) or the one a sign-out revoked. Each is a session of the gauge.
     */
    public synchronized void signEvents(
            EventType type,
            Collection<String> communities,
            String userId,
            ApiResponse response,
            String token,
            long expiresAt) {
        JsonNode at = response.body().path("occurredAt");
        if (at.canConvertToLong()) {
            long occurredAt = at.asLong();
            if (token != null) {
                for (String community : communities) {
                    Session s = sessions.computeIfAbsent(community, c -> new HashMap<>())
                            .computeIfAbsent(token, t -> new Session(userId));
                    if (type == EventType.USER_SIGNED_IN) {
                        s.signedInAt = occurredAt;
                        s.expiresAt = expiresAt;
                    } else {
                        s.signedOutAt = Math.min(s.signedOutAt, occurredAt);
                    }
                }
            }
            if (occurredAt < response.firstSentAt() || occurredAt > response.receivedAt()) {
                clockViolations++;
            }
            for (String community : communities) {
                events.add(new Accepted(
                        seq++, type, community, userId, null, null, windowStart(occurredAt), occurredAt, false));
            }
            return;
        }
        long sentWindow = windowStart(response.firstSentAt());
        long receivedWindow = windowStart(response.receivedAt());
        for (String community : communities) {
            events.add(new Accepted(
                    seq++, type, community, userId, null, null, receivedWindow, -1, sentWindow != receivedWindow));
        }
    }

    /**
     * Counts the attempts of an event-carrying request that ended in a 5xx or without an answer: edge-api may still
     * have produced their events (Kafka acknowledged after it gave up, or the answer was lost). With an
     * Idempotency-Key ({@code idempotent}) every attempt carries the same event, so only a request that never got a
     * 2xx leaves an event this truth may lack.
     */
    public synchronized void requestOutcome(ApiResponse response, boolean idempotent) {
        long failedAttempts = response.attempts() - 1 + (response.isServerError() ? 1 : 0);
        uncertainAttempts += failedAttempts;
        uncertainEvents += idempotent ? (response.isServerError() ? 1 : 0) : failedAttempts;
    }

    public synchronized long acceptedCount() {
        return events.size();
    }

    public synchronized Report.Truth compute() {
        Map<EventType, Long> byType = new EnumMap<>(EventType.class);
        Map<String, Map<Long, WindowTally>> windows = new TreeMap<>();
        long approximate = 0;
        for (Accepted e : events) {
            byType.merge(e.type(), 1L, Long::sum);
            if (e.approximate()) {
                approximate++;
            }
            for (String community : List.of(e.communityId(), Limits.ALL_COMMUNITIES)) {
                windows.computeIfAbsent(community, c -> new TreeMap<>())
                        .computeIfAbsent(e.windowStart(), w -> new WindowTally())
                        .add(e);
            }
        }
        List<Report.WindowCounts> windowCounts = new ArrayList<>();
        windows.forEach((community, byStart) -> byStart.forEach((start, tally) ->
                windowCounts.add(tally.counts(community, start, signedInAt(community, start + WINDOW_MILLIS)))));

        boolean exact = approximate == 0 && clockViolations == 0;
        Report.SignEventTiming timing = new Report.SignEventTiming(
                "each event's window from the occurredAt edge-api answered (a retry gets the first attempt's), checked "
                        + "against the request's [first attempt sent, answer received] interval; an answer without "
                        + "occurredAt is placed by that interval",
                approximate,
                clockViolations,
                exact);
        Map<String, Long> typeCounts = new LinkedHashMap<>();
        byType.forEach((t, n) -> typeCounts.put(t.name(), n));
        return new Report.Truth(
                events.size(), typeCounts, uncertainAttempts, uncertainEvents, timing, windowCounts, postCounts());
    }

    /** This generator's users with a session open at {@code t} in {@code community} (any community for "all"). */
    private long signedInAt(String community, long t) {
        Set<String> users = new HashSet<>();
        sessions.forEach((c, byToken) -> {
            if (community.equals(Limits.ALL_COMMUNITIES) || community.equals(c)) {
                byToken.values().stream().filter(s -> s.openAt(t)).forEach(s -> users.add(s.userId));
            }
        });
        return users.size();
    }

    /** Final counts of every post this generator created: likes replayed in occurredAt order as a toggle per user. */
    private List<Report.PostCounts> postCounts() {
        Map<String, List<Accepted>> byPost = new HashMap<>();
        for (Accepted e : events) {
            if (e.postId() != null && e.type() != EventType.POST_CREATED) {
                byPost.computeIfAbsent(e.postId(), p -> new ArrayList<>()).add(e);
            }
        }
        List<Report.PostCounts> out = new ArrayList<>();
        for (Report.PostCounts created : createdPosts.values()) {
            List<Accepted> interactions = new ArrayList<>(byPost.getOrDefault(created.postId(), List.of()));
            interactions.sort(Comparator.comparingLong(Accepted::occurredAt).thenComparingLong(Accepted::seq));
            Set<String> likers = new TreeSet<>();
            List<String> comments = new ArrayList<>();
            long shares = 0;
            for (Accepted e : interactions) {
                switch (e.type()) {
                    case POST_LIKED -> likers.add(e.userId());
                    case POST_UNLIKED -> likers.remove(e.userId());
                    case COMMENT_ADDED -> comments.add(e.commentId());
                    case POST_SHARED -> shares++;
                    default -> throw new IllegalStateException("unexpected " + e.type() + " on a post");
                }
            }
            out.add(new Report.PostCounts(
                    created.postId(),
                    created.communityId(),
                    created.authorId(),
                    created.createdAt(),
                    likers.size(),
                    comments.size(),
                    shares,
                    List.copyOf(likers),
                    comments));
        }
        return out;
    }

    private static final class WindowTally {
        final Set<String> users = new HashSet<>();
        final Map<EventType, Long> counts = new EnumMap<>(EventType.class);
        long approximate;

        void add(Accepted e) {
            users.add(e.userId());
            counts.merge(e.type(), 1L, Long::sum);
            if (e.approximate()) {
                approximate++;
            }
        }

        Report.WindowCounts counts(String community, long start, long signedIn) {
            return new Report.WindowCounts(
                    community,
                    start,
                    start + WINDOW_MILLIS,
                    users.size(),
                    n(EventType.POST_CREATED),
                    n(EventType.POST_LIKED),
                    n(EventType.POST_UNLIKED),
                    n(EventType.COMMENT_ADDED),
                    n(EventType.POST_SHARED),
                    n(EventType.USER_SIGNED_IN),
                    n(EventType.USER_SIGNED_OUT),
                    approximate,
                    signedIn);
        }

        private long n(EventType type) {
            return counts.getOrDefault(type, 0L);
        }
    }
}
