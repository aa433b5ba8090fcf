package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static dev.streamer.contract.EventType.POST_UNLIKED;
import static dev.streamer.flink.JobHarness.await;
import static dev.streamer.flink.JobHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.WindowResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** 30-second event-time windows: out-of-order, late, duplicate and too-late events; firing when traffic stops. */
class AnalyticsIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private static final long W = 30_000;
    /** A window start two hours ago: record timestamps must not be ahead of the broker's clock. */
    private static final long T0 = windowStart(System.currentTimeMillis() - 7_200_000L);

    private final String u1 = uuid();
    private final String u2 = uuid();
    private final String u3 = uuid();
    private final String u4 = uuid();
    private final String p1 = uuid();
    /** The write time of the last record sent: the log is in write-time order, as edge-api writes it. */
    private long written;

    private static long windowStart(long t) {
        return t - Math.floorMod(t, W);
    }

    /** Sends events written 100 ms after they happened (or after the previous record): on time. */
    private void send(JobHarness job, ActivityEvent... events) {
        for (ActivityEvent e : events) {
            sendWrittenAt(job, Math.max(written, e.occurredAt()) + 100, e);
        }
    }

    private void sendWrittenAt(JobHarness job, long writtenAt, ActivityEvent e) {
        written = writtenAt;
        job.sendAt(writtenAt, e);
    }

    @Test
    void scriptedSequenceGivesExactlyTheExpectedWindows() throws Exception {
        try (JobHarness job = new JobHarness(1);
                TopicWatcher<WindowResult> results =
                        new TopicWatcher<>(job.kafka.consumer(), job.analytics, ResultCodec::decodeWindowResult)) {
            job.insertUsers(u1, u2, u3, u4);
            // watermarks move only with event time here (idle-after 10 min); the records' write times decide what is
            // late: after the window's end + 5 s late (applied), after that + 60 s too late (counted only)
            job.start(
                    "--emotion",
                    "off",
                    "--parallelism",
                    "1",
                    "--idle-after",
                    "10min",
                    "--out-of-orderness",
                    "5s",
                    "--allowed-lateness",
                    "60s");

            ActivityEvent e3 = ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u2, p1, T0 + 12_000);
            send(
                    job,
                    ActivityEvent.signedIn(uuid(), "facebook", u1, T0 + 1_000),
                    ActivityEvent.postCreated(
                            uuid(), "facebook", u1, p1, T0 + 5_000, new PostPayload("hello", null, "ann")),
                    e3,
                    ActivityEvent.commentAdded(
                            uuid(), "facebook", u3, p1, T0 + 20_000, new CommentPayload(uuid(), "hi", "cyd")),
                    ActivityEvent.signedIn(uuid(), "skype", u4, T0 + 8_000),
                    ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u3, p1, T0 + 31_000),
                    // out of order, and written by the window's end + 5 s: on time
                    ActivityEvent.interaction(uuid(), POST_SHARED, "facebook", u2, p1, T0 + 27_000),
                    e3, // republished: counts once
                    ActivityEvent.interaction(uuid(), POST_UNLIKED, "facebook", u2, p1, T0 + 33_000),
                    // watermark 36 000 - 5 000 - 1 passes the end of W0
                    ActivityEvent.signedIn(uuid(), "facebook", u1, T0 + 36_000));
            awaitRevision(results, "facebook", T0, 5);
            awaitRevision(results, "skype", T0, 1);
            awaitRevision(results, "all", T0, 6);

            // written 40 s after W0 began: late, within the allowed lateness: applied, the window re-emitted
            ActivityEvent e10 = ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u4, p1, T0 + 15_000);
            sendWrittenAt(job, T0 + 40_000, e10);
            sendWrittenAt(job, T0 + 40_100, e10);
            awaitRevision(results, "facebook", T0, 6);
            awaitRevision(results, "all", T0, 7);

            // watermark 96 000 - 5 001 passes W1's end
            send(job, ActivityEvent.signedIn(uuid(), "facebook", u1, T0 + 96_000));
            awaitRevision(results, "facebook", T0 + W, 3);
            awaitRevision(results, "all", T0 + W, 3);

            // written after W0's end + 5 s + 60 s: too late, counted as late events only; a republication counts once
            ActivityEvent e12 = ActivityEvent.commentAdded(
                    uuid(), "facebook", u2, p1, T0 + 10_000, new CommentPayload(uuid(), "late", "bob"));
            sendWrittenAt(job, T0 + 100_000, e12);
            sendWrittenAt(job, T0 + 100_100, e12);
            sendWrittenAt(job, T0 + 100_200, ActivityEvent.signedOut(uuid(), "skype", u4, T0 + 20_000));
            // instagram had no event in W0: its row starts with this one
            sendWrittenAt(job, T0 + 100_300, ActivityEvent.signedIn(uuid(), "instagram", u1, T0 + 2_000));
            awaitRevision(results, "facebook", T0, 7);
            awaitRevision(results, "skype", T0, 2);
            awaitRevision(results, "instagram", T0, 1);
            awaitRevision(results, "all", T0, 10);

            // fires W3 (96 000 is in [90 000, 120 000))
            send(job, ActivityEvent.signedIn(uuid(), "twitter", u3, T0 + 130_000));
            awaitRevision(results, "facebook", T0 + 3 * W, 1);
            awaitRevision(results, "all", T0 + 3 * W, 1);

            List<WindowResult> expected = List.of(
                    window("facebook", T0, 3, 1, 1, 1, 1, 0, 5),
                    window("facebook", T0, 4, 1, 2, 1, 1, 1, 6),
                    window("facebook", T0, 4, 1, 2, 1, 1, 2, 7),
                    window("skype", T0, 1, 0, 0, 0, 0, 0, 1),
                    window("skype", T0, 1, 0, 0, 0, 0, 1, 2),
                    window("instagram", T0, 0, 0, 0, 0, 0, 1, 1),
                    window("all", T0, 4, 1, 1, 1, 1, 0, 6),
                    window("all", T0, 4, 1, 2, 1, 1, 1, 7),
                    window("all", T0, 4, 1, 2, 1, 1, 2, 8),
                    window("all", T0, 4, 1, 2, 1, 1, 3, 9),
                    window("all", T0, 4, 1, 2, 1, 1, 4, 10),
                    window("facebook", T0 + W, 3, 0, 1, 0, 0, 0, 3),
                    window("all", T0 + W, 3, 0, 1, 0, 0, 0, 3),
                    window("facebook", T0 + 3 * W, 1, 0, 0, 0, 0, 0, 1),
                    window("all", T0 + 3 * W, 1, 0, 0, 0, 0, 0, 1));
            // the results topic is at least once: compare the distinct records
            assertThat(results.values().stream().distinct().toList()).containsExactlyInAnyOrderElementsOf(expected);

            Map<String, WindowResult> latest = expected.stream()
                    .collect(Collectors.toMap(
                            WindowResult::key, r -> r, (a, b) -> a.revision() >= b.revision() ? a : b));
            List<Map<String, Object>> rows = await("window_stats rows", Duration.ofSeconds(10), () -> {
                List<Map<String, Object>> r =
                        job.rows("SELECT * FROM window_stats ORDER BY window_start, community_id");
                return r.size() == latest.size()
                                && r.stream()
                                        .allMatch(row -> (Integer) row.get("revision")
                                                == latest.get(row.get("community_id") + "@" + row.get("window_start"))
                                                        .revision())
                        ? r
                        : null;
            });
            for (Map<String, Object> row : rows) {
                WindowResult want = latest.get(row.get("community_id") + "@" + row.get("window_start"));
                assertThat(row).isEqualTo(rowOf(want));
            }
        }
    }

    @Test
    void lastWindowFiresWithinSecondsWhenTrafficStops() throws Exception {
        try (JobHarness job = new JobHarness(3);
                TopicWatcher<WindowResult> results =
                        new TopicWatcher<>(job.kafka.consumer(), job.analytics, ResultCodec::decodeWindowResult)) {
            job.insertUsers(u1, u2);
            // defaults: out-of-orderness 5 s, idle-after 5 s
            job.start("--emotion", "off", "--parallelism", "2");
            // send late in a window so the test does not wait for a whole one
            Awaitility.await("20-27 s into a window")
                    .atMost(Duration.ofMillis(W + 1_000))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> {
                        long into = System.currentTimeMillis() % W;
                        return into >= 20_000 && into <= 27_000;
                    });
            long now = System.currentTimeMillis();
            long start = now - now % W;
            job.send(
                    ActivityEvent.signedIn(uuid(), "twitter", u1, now),
                    ActivityEvent.signedIn(uuid(), "twitter", u2, System.currentTimeMillis()));
            // traffic stops
            TopicWatcher.Received<WindowResult> last = await(
                    "the last window",
                    Duration.ofSeconds(45),
                    () -> results.all().stream()
                            .filter(r -> r.key().equals("twitter@" + start))
                            .findFirst()
                            .orElse(null));
            long due = start + W + 5_000;
            long lateBy = last.receivedAt() - due;
            System.out.printf(
                    "last window twitter@%d received %d ms after window end + out-of-orderness%n", start, lateBy);
            assertThat(last.value().activeUsers()).isEqualTo(2);
            assertThat(lateBy).isLessThanOrEqualTo(5_000);
            assertThat(last.receivedAt()).isGreaterThanOrEqualTo(start + W); // and not before its end
        }
    }

    private static void awaitRevision(TopicWatcher<WindowResult> results, String community, long start, int revision)
            throws Exception {
        await(
                community + "@" + start + " revision " + revision,
                Duration.ofSeconds(20),
                () -> results.values().stream()
                                .anyMatch(r -> r.communityId().equals(community)
                                        && r.windowStart() == start
                                        && r.revision() == revision)
                        ? Boolean.TRUE
                        : null);
    }

    /** A result as the job emits it: {@code update} when it counts late events. */
    private static WindowResult window(
            String community,
            long start,
            long users,
            long posts,
            long likes,
            long comments,
            long shares,
            long late,
            int revision) {
        return new WindowResult(
                community,
                start,
                start + W,
                users,
                posts,
                likes,
                comments,
                shares,
                EmotionCounts.ZERO,
                late,
                revision,
                late > 0);
    }

    static Map<String, Object> rowOf(WindowResult r) {
        Map<String, Object> m = new HashMap<>();
        m.put("community_id", r.communityId());
        m.put("window_start", r.windowStart());
        m.put("window_end", r.windowEnd());
        m.put("active_users", r.activeUsers());
        m.put("signed_in", r.signedIn());
        m.put("posts", r.posts());
        m.put("likes", r.likes());
        m.put("comments", r.comments());
        m.put("shares", r.shares());
        m.put("emotion_anger", r.emotions().anger());
        m.put("emotion_disgust", r.emotions().disgust());
        m.put("emotion_fear", r.emotions().fear());
        m.put("emotion_joy", r.emotions().joy());
        m.put("emotion_sadness", r.emotions().sadness());
        m.put("emotion_surprise", r.emotions().surprise());
        m.put("emotion_neutral", r.emotions().neutral());
        m.put("late_events", r.lateEvents());
        m.put("revision", r.revision());
        return m;
    }
}
