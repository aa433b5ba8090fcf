package dev.streamer.flink;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.EventType;
import dev.streamer.contract.Limits;
import dev.streamer.contract.PostPayload;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A reproducible stream of activity (seeded) with redeliveries and bounded disorder, and the results it must give,
 * computed here independently of the job: per-post counters and per-window statistics.
 */
final class ActivityScript {

    static final List<String> COMMUNITIES = List.of("facebook", "instagram", "skype", "twitter");

    final List<String> users = new ArrayList<>();
    /** In send order, redeliveries included. */
    final List<ActivityEvent> events = new ArrayList<>();

    /**
     * @param count      distinct events
     * @param firstTime  event time of the first event
     * @param step       event-time step between events
     * @param maxDisorder events are up to this much older than their place in the stream
     */
    ActivityScript(long seed, int userCount, int count, long firstTime, long step, long maxDisorder) {
        Random random = new Random(seed);
        for (int i = 0; i < userCount; i++) {
            users.add(new UUID(seed, i).toString());
        }
        Map<String, List<String>> postsByCommunity = new HashMap<>();
        List<ActivityEvent> pendingRedeliveries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            long t = firstTime + i * step - (long) (random.nextDouble() * maxDisorder);
            String community = COMMUNITIES.get(random.nextInt(COMMUNITIES.size()));
            String user = users.get(random.nextInt(users.size()));
            List<String> posts = postsByCommunity.computeIfAbsent(community, c -> new ArrayList<>());
            int dice = random.nextInt(100);
            ActivityEvent e;
            String id = new UUID(seed + 1, i).toString();
            if (posts.isEmpty() && dice < 85) {
                dice = 0; // interactions need a post: create the community's first one
            }
            if (dice < 10) {
                String postId = new UUID(seed + 2, i).toString();
                posts.add(postId);
                e = ActivityEvent.postCreated(id, community, user, postId, t,
                        new PostPayload("post " + i + " of " + user, null, "user" + (i % 100)));
            } else if (dice < 45) {
                e = ActivityEvent.interaction(id, EventType.POST_LIKED, community, user, pick(posts, random), t);
            } else if (dice < 60) {
                e = ActivityEvent.interaction(id, EventType.POST_UNLIKED, community, user, pick(posts, random), t);
            } else if (dice < 75) {
                e = ActivityEvent.commentAdded(id, community, user, pick(posts, random), t,
                        new CommentPayload(new UUID(seed + 3, i).toString(), "comment " + i, "user" + (i % 100)));
            } else if (dice < 85) {
                e = ActivityEvent.interaction(id, EventType.POST_SHARED, community, user, pick(posts, random), t);
            } else if (dice < 95) {
                e = ActivityEvent.signedIn(id, community, user, t);
            } else {
                e = ActivityEvent.signedOut(id, community, user, t);
            }
            events.add(e);
            if (random.nextInt(100) < 5) {
                pendingRedeliveries.add(e);
            }
            if (!pendingRedeliveries.isEmpty() && random.nextInt(10) == 0) {
                events.add(pendingRedeliveries.remove(0));
            }
        }
        events.addAll(pendingRedeliveries);
    }

    private static String pick(List<String> posts, Random random) {
        // recent posts get most of the activity
        int n = posts.size();
        return posts.get(Math.max(0, n - 1 - random.nextInt(Math.min(n, 8))));
    }

    record PostCounts(String communityId, long likes, long comments, long shares, long version) {
    }

    /** Per-post counts after every event, applying the job's rules (toggle, latest event time wins, dedup). */
    Map<String, PostCounts> expectedPosts() {
        Set<String> seen = new HashSet<>();
        Map<String, long[]> counts = new HashMap<>(); // likes, comments, shares, version, created
        Map<String, String> community = new HashMap<>();
        Map<String, long[]> marks = new HashMap<>(); // post/user -> {liked, at}
        for (ActivityEvent e : events) {
            if (e.postId() == null || !seen.add(e.eventId())) {
                continue;
            }
            long[] c = counts.computeIfAbsent(e.postId(), p -> new long[5]);
            switch (e.type()) {
                case POST_CREATED -> {
                    if (c[4] == 0) {
                        c[4] = 1;
                        c[3]++;
                        community.put(e.postId(), e.communityId());
                    }
                }
                case POST_LIKED, POST_UNLIKED -> {
                    boolean like = e.type() == EventType.POST_LIKED;
                    long[] mark = marks.get(e.postId() + "/" + e.userId());
                    if (mark != null && mark[1] > e.occurredAt()) {
                        break;
                    }
                    boolean liked = mark != null && mark[0] == 1;
                    marks.put(e.postId() + "/" + e.userId(), new long[] {like ? 1 : 0, e.occurredAt()});
                    if (liked != like) {
                        c[0] += like ? 1 : -1;
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
                default -> {
                }
            }
        }
        Map<String, PostCounts> out = new TreeMap<>();
        counts.forEach((post, c) -> {
            if (c[4] == 1) {
                out.put(post, new PostCounts(community.get(post), c[0], c[1], c[2], c[3]));
            }
        });
        return out;
    }

    /** Users who like each post at the end, as "post/user". */
    Set<String> expectedLikes() {
        Set<String> seen = new HashSet<>();
        Map<String, long[]> marks = new HashMap<>();
        for (ActivityEvent e : events) {
            if ((e.type() != EventType.POST_LIKED && e.type() != EventType.POST_UNLIKED) || !seen.add(e.eventId())) {
                continue;
            }
            String key = e.postId() + "/" + e.userId();
            long[] mark = marks.get(key);
            if (mark == null || mark[1] <= e.occurredAt()) {
                marks.put(key, new long[] {e.type() == EventType.POST_LIKED ? 1 : 0, e.occurredAt()});
            }
        }
        Set<String> out = new HashSet<>();
        marks.forEach((k, m) -> {
            if (m[0] == 1) {
                out.add(k);
            }
        });
        return out;
    }

    record WindowCounts(long activeUsers, long posts, long likes, long comments, long shares) {
    }

    /** "community@windowStart" (and "all@windowStart") to the window's counts, assuming no event is late. */
    Map<String, WindowCounts> expectedWindows(long size) {
        Set<String> seen = new HashSet<>();
        Map<String, Set<String>> users = new TreeMap<>();
        Map<String, long[]> counts = new TreeMap<>();
        for (ActivityEvent e : events) {
            if (!seen.add(e.eventId())) {
                continue;
            }
            long start = e.occurredAt() - Math.floorMod(e.occurredAt(), size);
            for (String key : List.of(e.communityId() + "@" + start, Limits.ALL_COMMUNITIES + "@" + start)) {
                users.computeIfAbsent(key, k -> new HashSet<>()).add(e.userId());
                long[] c = counts.computeIfAbsent(key, k -> new long[4]);
                switch (e.type()) {
                    case POST_CREATED -> c[0]++;
                    case POST_LIKED -> c[1]++;
                    case COMMENT_ADDED -> c[2]++;
                    case POST_SHARED -> c[3]++;
                    default -> {
                    }
                }
            }
        }
        Map<String, WindowCounts> out = new TreeMap<>();
        counts.forEach((k, c) -> out.put(k, new WindowCounts(users.get(k).size(), c[0], c[1], c[2], c[3])));
        return out;
    }

    long distinctComments() {
        return events.stream().filter(e -> e.type() == EventType.COMMENT_ADDED).map(ActivityEvent::eventId).distinct().count();
    }
}
