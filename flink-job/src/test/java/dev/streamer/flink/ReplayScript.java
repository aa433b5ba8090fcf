package dev.streamer.flink;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.EventType;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.WindowResult;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A reproducible Kafka log of activity over three partitions (seeded) and everything the job must make of it,
 * computed here from the log by the job's documented rules, independently of the job's code.
 *
 * <p>The log is written the way edge-api writes: each record's timestamp (its write time) is at or after the event's
 * {@code occurredAt}, and a partition's records are in write-time order. Into it go out-of-order events (up to 3 s),
 * late events (written after their window's end + the bound, within the allowed lateness), too-late events (within
 * the retention), events past the retention, republished duplicates (same id and {@code occurredAt}, written later),
 * duplicates and a first occurrence written after the de-duplication horizon, and at the end one sentinel per
 * partition, far ahead in event time and itself past the horizon (so not counted), that closes every window.
 */
final class ReplayScript {

    static final List<String> COMMUNITIES = List.of("facebook", "instagram", "skype", "twitter");
    static final int PARTITIONS = 3;
    static final long WINDOW = 30_000;
    static final long BOUND = 5_000;
    static final long LATENESS = 20_000;
    static final long RETENTION = 120_000;
    static final long DEDUP = 600_000;
    /** Event time covered by the script. */
    static final long SPAN = 15 * 60_000;

    /** One record of the log. */
    record Rec(int partition, ActivityEvent event, long writtenAt, boolean sentinel) {
        String key() {
            return event.communityId();
        }

        byte[] value() {
            return EventCodec.encode(event);
        }
    }

    final long t0;
    final List<String> users = new ArrayList<>();
    /** Per partition, in log order. */
    final Map<Integer, List<Rec>> log = new TreeMap<>();

    /** The job's options for the rules above. */
    static List<String> jobArgs() {
        return List.of(
                "--window",
                WINDOW + "ms",
                "--out-of-orderness",
                BOUND + "ms",
                "--allowed-lateness",
                LATENESS + "ms",
                "--window-retention",
                RETENTION + "ms",
                "--dedup-ttl",
                DEDUP + "ms",
                "--idle-after",
                "10min",
                "--emotion",
                "off");
    }

    static int partitionOf(String community) {
        return COMMUNITIES.indexOf(community) % PARTITIONS;
    }

    /** @param t0 a window start; the whole log lies in the past of the broker's clock */
    ReplayScript(long seed, long t0) {
        this.t0 = t0;
        Random random = new Random(seed);
        for (int i = 0; i < 24; i++) {
            users.add(new UUID(seed, i).toString());
        }
        List<Rec> all = new ArrayList<>();
        int n = 0;
        for (String community : COMMUNITIES) {
            List<String> posts = new ArrayList<>();
            int partition = partitionOf(community);
            for (long base = t0 + 1_000 + random.nextInt(2_000);
                    base < t0 + SPAN - 60_000;
                    base += 1_000 + random.nextInt(3_000)) {
                long occurredAt = base - random.nextInt(3_000); // out of order by up to 3 s
                ActivityEvent e = event(
                        random,
                        community,
                        posts,
                        occurredAt,
                        new UUID(seed + 1, n++).toString(),
                        new UUID(seed + 2, n).toString());
                long start = occurredAt - Math.floorMod(occurredAt, WINDOW);
                long onTimeUntil = start + WINDOW + BOUND;
                int dice = random.nextInt(100);
                long writtenAt;
                if (dice < 6) {
                    writtenAt = onTimeUntil + 1 + random.nextInt((int) LATENESS); // late, applied
                } else if (dice < 10) {
                    writtenAt = onTimeUntil + LATENESS + 1 + random.nextInt((int) RETENTION); // too late: counted only
                } else if (dice < 12) {
                    writtenAt = onTimeUntil + LATENESS + RETENTION + 1 + random.nextInt(60_000); // past the retention
                } else {
                    writtenAt = occurredAt + random.nextInt(900);
                }
                all.add(new Rec(partition, e, writtenAt, false));
                if (random.nextInt(100) < 6) {
                    all.add(new Rec(partition, e, writtenAt + 1_000 + random.nextInt(90_000), false)); // republished
                }
                if (base < t0 + 120_000 && random.nextInt(100) < 3) {
                    // republished after the de-duplication horizon: must not count again
                    all.add(new Rec(partition, e, occurredAt + DEDUP + 1 + random.nextInt(30_000), false));
                }
            }
            // a first occurrence written after the horizon: only a republication can be that old, so it is dropped
            long old = t0 + 20_000;
            all.add(new Rec(
                    partition,
                    ActivityEvent.signedIn(new UUID(seed + 3, n++).toString(), community, users.get(0), old),
                    old + DEDUP + 2_000,
                    false));
        }
        for (int p = 0; p < PARTITIONS; p++) {
            String community = COMMUNITIES.get(p);
            long far = t0 + SPAN + 3_600_000;
            all.add(new Rec(
                    p,
                    ActivityEvent.signedIn(new UUID(seed + 4, p).toString(), community, users.get(0), far),
                    far + DEDUP + 1,
                    true));
        }
        all.sort(Comparator.comparingLong(Rec::writtenAt)); // stable: a partition's log is in write-time order
        for (Rec r : all) {
            log.computeIfAbsent(r.partition(), p -> new ArrayList<>()).add(r);
        }
    }

    private ActivityEvent event(Random random, String community, List<String> posts, long t, String id, String newId) {
        int dice = random.nextInt(100);
        if (posts.isEmpty() && dice < 85) {
            dice = 0; // interactions need a post: create the community's first one
        }
        String user = users.get(random.nextInt(users.size()));
        if (dice < 10) {
            posts.add(newId);
            return ActivityEvent.postCreated(
                    id,
                    community,
                    user,
                    newId,
                    t,
                    new PostPayload("post " + id.substring(30), null, "user" + (Math.abs(user.hashCode()) % 100)));
        }
        if (dice >= 78) {
            return dice < 92
                    ? ActivityEvent.signedIn(id, community, user, t)
                    : ActivityEvent.signedOut(id, community, user, t);
        }
        // recent posts get most of the activity
        String post = posts.get(Math.max(0, posts.size() - 1 - random.nextInt(Math.min(posts.size(), 6))));
        if (dice < 40) {
            return ActivityEvent.interaction(id, EventType.POST_LIKED, community, user, post, t);
        } else if (dice < 55) {
            return ActivityEvent.interaction(id, EventType.POST_UNLIKED, community, user, post, t);
        } else if (dice < 68) {
            return ActivityEvent.commentAdded(
                    id,
                    community,
                    user,
                    post,
                    t,
                    new CommentPayload(
                            newId, "comment " + id.substring(30), "user" + (Math.abs(user.hashCode()) % 100)));
        }
        return ActivityEvent.interaction(id, EventType.POST_SHARED, community, user, post, t);
    }

    /** The records the job counts: first occurrences (in log order) written within the horizon. */
    List<Rec> counted() {
        List<Rec> out = new ArrayList<>();
        for (List<Rec> partition : log.values()) {
            Set<String> seen = new HashSet<>();
            for (Rec r : partition) {
                if (r.writtenAt() - r.event().occurredAt() <= DEDUP
                        && seen.add(r.event().eventId())) {
                    out.add(r);
                }
            }
        }
        return out;
    }

    /** The last result of every window (community and all), as on the analytics topic. */
    Map<String, WindowResult> expectedWindows() {
        Map<String, long[]> counts = new TreeMap<>(); // users, posts, likes, comments, shares, late, revision
        Map<String, Set<String>> users = new HashMap<>();
        for (Rec r : counted()) {
            ActivityEvent e = r.event();
            long start = e.occurredAt() - Math.floorMod(e.occurredAt(), WINDOW);
            long onTimeUntil = start + WINDOW + BOUND;
            long appliedUntil = onTimeUntil + LATENESS;
            if (r.writtenAt() > appliedUntil + RETENTION) {
                continue;
            }
            for (String key : List.of(
                    WindowResult.key(e.communityId(), start), WindowResult.key(Limits.ALL_COMMUNITIES, start))) {
                long[] c = counts.computeIfAbsent(key, k -> new long[7]);
                c[6]++;
                if (r.writtenAt() > onTimeUntil) {
                    c[5]++;
                }
                if (r.writtenAt() > appliedUntil) {
                    continue;
                }
                users.computeIfAbsent(key, k -> new HashSet<>()).add(e.userId());
                switch (e.type()) {
                    case POST_CREATED -> c[1]++;
                    case POST_LIKED -> c[2]++;
                    case COMMENT_ADDED -> c[3]++;
                    case POST_SHARED -> c[4]++;
                    default -> {}
                }
            }
        }
        Map<String, WindowResult> out = new TreeMap<>();
        counts.forEach((key, c) -> {
            String community = key.substring(0, key.indexOf('@'));
            long start = Long.parseLong(key.substring(key.indexOf('@') + 1));
            out.put(
                    key,
                    new WindowResult(
                            community,
                            start,
                            start + WINDOW,
                            users.getOrDefault(key, Set.of()).size(),
                            c[1],
                            c[2],
                            c[3],
                            c[4],
                            EmotionCounts.ZERO,
                            c[5],
                            (int) c[6],
                            c[5] > 0));
        });
        return out;
    }

    /** Every post's last version, as on the feed topic and in the posts table. */
    Map<String, FeedPost> expectedPosts() {
        marks.clear();
        likedAt.clear();
        Map<String, long[]> counts = new HashMap<>(); // likes, comments, shares, version
        Map<String, ActivityEvent> created = new HashMap<>();
        for (Rec r : counted()) {
            ActivityEvent e = r.event();
            if (e.postId() == null) {
                continue;
            }
            long[] c = counts.computeIfAbsent(e.postId(), p -> new long[4]);
            switch (e.type()) {
                case POST_CREATED -> {
                    if (created.putIfAbsent(e.postId(), e) == null) {
                        c[3]++;
                    }
                }
                case POST_LIKED, POST_UNLIKED -> {
                    if (likeSwitched(e)) {
                        c[0] += e.type() == EventType.POST_LIKED ? 1 : -1;
                        c[3]++;
                    }
                }
                case COMMENT_ADDED -> {
                    c[1]++;
                    c[3]++;
                }
                case POST_SHARED -> {
                    c[2]++;
                    c[3]++;
                }
                default -> {}
            }
        }
        Map<String, FeedPost> out = new TreeMap<>();
        created.forEach((id, e) -> {
            long[] c = counts.get(id);
            out.put(
                    id,
                    new FeedPost(
                            id,
                            e.communityId(),
                            e.userId(),
                            e.post().authorName(),
                            e.post().text(),
                            null,
                            e.occurredAt(),
                            null,
                            null,
                            c[0],
                            c[1],
                            c[2],
                            c[3]));
        });
        return out;
    }

    private final Map<String, long[]> marks = new HashMap<>();
    private final Map<String, Long> likedAt = new HashMap<>();

    /** A like or unlike: the latest event time per user and post wins, and only a change of state counts. */
    private boolean likeSwitched(ActivityEvent e) {
        String key = e.postId() + "/" + e.userId();
        long[] mark = marks.get(key);
        if (mark != null && mark[1] > e.occurredAt()) {
            return false;
        }
        boolean like = e.type() == EventType.POST_LIKED;
        boolean liked = mark != null && mark[0] == 1;
        marks.put(key, new long[] {like ? 1 : 0, e.occurredAt()});
        if (liked == like) {
            return false;
        }
        if (like) {
            likedAt.put(key, e.occurredAt());
        } else {
            likedAt.remove(key);
        }
        return true;
    }

    /** post_likes rows "post/user" → liked_at. */
    Map<String, Long> expectedLikes() {
        expectedPosts();
        return new TreeMap<>(likedAt);
    }

    /** comments rows, by comment id. */
    Map<String, Map<String, Object>> expectedComments() {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Rec r : counted()) {
            ActivityEvent e = r.event();
            if (e.type() == EventType.COMMENT_ADDED) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("id", e.comment().commentId());
                row.put("post_id", e.postId());
                row.put("community_id", e.communityId());
                row.put("author_id", e.userId());
                row.put("author_name", e.comment().authorName());
                row.put("text", e.comment().text());
                row.put("created_at", e.occurredAt());
                out.put(e.comment().commentId(), row);
            }
        }
        return out;
    }

    /** What the script holds, for the test's log. */
    String summary() {
        int records = log.values().stream().mapToInt(List::size).sum();
        Map<String, WindowResult> windows = expectedWindows();
        long late = windows.values().stream()
                .filter(w -> !w.communityId().equals(Limits.ALL_COMMUNITIES))
                .mapToLong(WindowResult::lateEvents)
                .sum();
        return records + " records, " + counted().size() + " counted, " + windows.size() + " windows with " + late
                + " late events, " + expectedPosts().size() + " posts, "
                + expectedComments().size() + " comments, "
                + expectedLikes().size() + " likes";
    }
}
