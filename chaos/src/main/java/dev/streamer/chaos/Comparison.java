package dev.streamer.chaos;

import dev.streamer.contract.Limits;
import dev.streamer.generator.GroundTruth;
import dev.streamer.generator.Report;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The generator's ground truth against what MySQL holds: every {@code window_stats} row of the run's windows (every
 * community and {@code all}) and every post the run created with its counters, likers and comments. Lost and doubled
 * count, over the communities' rows (the {@code all} row is their sum) and over the posts, how many events MySQL has
 * fewer or more than the truth. The signed-in gauge is compared too (the truth's sessions plus those open before the
 * run, see {@link StoredState#signedInBefore}).
 */
record Comparison(List<String> mismatches, int windows, int posts, long lost, long doubled) {

    boolean exact() {
        return mismatches.isEmpty();
    }

    static Comparison of(Report.Truth truth, StoredState stored) {
        return of(truth, stored, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    /** Only the windows starting in [{@code from}, {@code to}] (every post when the range is unbounded). */
    static Comparison windowsBetween(Report.Truth truth, StoredState stored, long from, long to) {
        return of(truth, stored, from, to);
    }

    private static Comparison of(Report.Truth truth, StoredState stored, long from, long to) {
        List<String> mismatches = new ArrayList<>();
        long[] lostDoubled = new long[2];
        Map<String, Report.WindowCounts> expected = new TreeMap<>();
        for (Report.WindowCounts w : truth.windows()) {
            if (w.windowStart() >= from && w.windowStart() <= to) {
                expected.put(w.communityId() + "@" + w.windowStart(), w);
            }
        }
        for (Map.Entry<String, Report.WindowCounts> e : expected.entrySet()) {
            Report.WindowCounts want = e.getValue();
            StoredState.Window got = stored.windows().get(e.getKey());
            boolean community = !want.communityId().equals(Limits.ALL_COMMUNITIES);
            if (got == null) {
                mismatches.add("window " + e.getKey() + ": no row (expected " + counts(want) + ")");
                if (community) {
                    lostDoubled[0] += want.posts() + want.likes() + want.comments() + want.shares();
                }
                continue;
            }
            List<String> wrong = new ArrayList<>();
            field(wrong, "activeUsers", want.activeUsers(), got.activeUsers());
            // the truth knows the run's sessions; those open before it are the gauge of the community's last row then
            field(
                    wrong,
                    "signedIn",
                    want.signedIn() + stored.signedInBefore().getOrDefault(want.communityId(), 0L),
                    got.signedIn());
            long[] diffs = {
                field(wrong, "posts", want.posts(), got.posts()),
                field(wrong, "likes", want.likes(), got.likes()),
                field(wrong, "comments", want.comments(), got.comments()),
                field(wrong, "shares", want.shares(), got.shares()),
            };
            field(wrong, "windowEnd", want.windowStart() + GroundTruth.WINDOW_MILLIS, got.windowEnd());
            field(wrong, "labelled posts (emotion mix)", got.posts(), got.labelledPosts());
            if (!wrong.isEmpty()) {
                mismatches.add("window " + e.getKey() + ": " + String.join(", ", wrong));
            }
            if (community) {
                for (long d : diffs) {
                    lostDoubled[d < 0 ? 0 : 1] += Math.abs(d);
                }
            }
        }
        for (StoredState.Window w : stored.windows().values()) {
            if (w.windowStart() >= from && w.windowStart() <= to && !expected.containsKey(w.key())) {
                mismatches.add("window " + w.key() + ": a row the truth does not have (" + w + ")");
                if (!w.communityId().equals(Limits.ALL_COMMUNITIES)) {
                    lostDoubled[1] += w.posts() + w.likes() + w.comments() + w.shares();
                }
            }
        }
        int posts = 0;
        if (from == Long.MIN_VALUE && to == Long.MAX_VALUE) {
            for (Report.PostCounts want : truth.posts()) {
                posts++;
                comparePost(want, stored.posts().get(want.postId()), mismatches, lostDoubled);
            }
        }
        return new Comparison(List.copyOf(mismatches), expected.size(), posts, lostDoubled[0], lostDoubled[1]);
    }

    private static void comparePost(
            Report.PostCounts want, StoredState.Post got, List<String> mismatches, long[] lostDoubled) {
        if (got == null) {
            mismatches.add("post " + want.postId() + ": not in MySQL");
            lostDoubled[0] += 1 + want.likes() + want.comments() + want.shares();
            return;
        }
        List<String> wrong = new ArrayList<>();
        long[] diffs = {
            field(wrong, "likes", want.likes(), got.likes()),
            field(wrong, "comments", want.comments(), got.comments()),
            field(wrong, "shares", want.shares(), got.shares()),
        };
        Set<String> likers = new TreeSet<>(want.likedBy());
        if (!likers.equals(got.likedBy())) {
            wrong.add("post_likes users " + got.likedBy() + " (expected " + likers + ")");
        }
        Set<String> comments = new TreeSet<>(want.commentIds());
        if (!comments.equals(got.commentIds())) {
            wrong.add("comments rows " + got.commentIds() + " (expected " + comments + ")");
        }
        if (!wrong.isEmpty()) {
            mismatches.add("post " + want.postId() + ": " + String.join(", ", wrong));
        }
        for (long d : diffs) {
            lostDoubled[d < 0 ? 0 : 1] += Math.abs(d);
        }
    }

    /** Adds "name actual (expected n)" when they differ; returns actual − expected. */
    private static long field(List<String> wrong, String name, long expected, long actual) {
        if (expected != actual) {
            wrong.add(name + " " + actual + " (expected " + expected + ")");
        }
        return actual - expected;
    }

    private static String counts(Report.WindowCounts w) {
        return "activeUsers " + w.activeUsers() + ", posts " + w.posts() + ", likes " + w.likes() + ", comments "
                + w.comments() + ", shares " + w.shares();
    }
}
