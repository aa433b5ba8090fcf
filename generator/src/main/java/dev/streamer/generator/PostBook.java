package dev.streamer.generator;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Posts this generator created. A post is pending until the community feed shows it (the Flink job has written it to
 * MySQL); only visible posts are interaction targets, since edge-api answers 404 for the others. Thread-safe.
 */
final class PostBook {

    record KnownPost(String postId, String communityId) {}

    static final int RECENT = 200;

    private final Map<String, KnownPost> pending = new LinkedHashMap<>();
    private final List<KnownPost> visible = new ArrayList<>();

    synchronized void created(KnownPost post) {
        pending.put(post.postId(), post);
    }

    /** Marks a pending post visible; false when it is not one of ours or already visible. */
    synchronized boolean seen(String postId) {
        KnownPost p = pending.remove(postId);
        if (p == null) {
            return false;
        }
        visible.add(p);
        return true;
    }

    synchronized Set<String> communitiesWithPending() {
        Set<String> out = new TreeSet<>();
        pending.values().forEach(p -> out.add(p.communityId()));
        return out;
    }

    /** A random one of the {@value #RECENT} most recently seen posts that matches. */
    synchronized KnownPost randomVisible(Random random, Predicate<KnownPost> eligible) {
        List<KnownPost> candidates = visible.subList(Math.max(0, visible.size() - RECENT), visible.size()).stream()
                .filter(eligible)
                .toList();
        return candidates.isEmpty() ? null : candidates.get(random.nextInt(candidates.size()));
    }

    synchronized int pendingCount() {
        return pending.size();
    }

    synchronized int visibleCount() {
        return visible.size();
    }
}
