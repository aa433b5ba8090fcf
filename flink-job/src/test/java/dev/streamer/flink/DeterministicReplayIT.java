package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.WindowResult;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Future;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Deterministic replays: three jobs read the same log ({@link ReplayScript}: three partitions, one lagging behind
 * the others, out-of-order, late, too-late and past-retention events, republished duplicates within and after the
 * de-duplication horizon, posts, likes, unlikes, comments, shares, sign-ins). One runs through; one fails once
 * mid-way and restores from its last checkpoint; one is stopped with a savepoint mid-way and resumed from it at
 * parallelism 1, stopped again and resumed at parallelism 2. The log arrives in three phases, so the stops and the
 * failure fall between windows' events. Every table (all columns) and the last value of every key on both result
 * topics must be the same for the three runs, and equal to what the test computes from the log itself.
 */
class DeterministicReplayIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster(8));

    private static final Duration CONVERGE = Duration.ofMinutes(3);

    @TempDir
    Path savepoints;

    @Test
    void everyRestoreEndsWithTheRowsAndResultsOfAnUninterruptedRun(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        // three hours ago: the broker refuses record timestamps more than an hour ahead of its clock
        long now = System.currentTimeMillis() - 3 * 3_600_000L;
        ReplayScript script = new ReplayScript(42, now - Math.floorMod(now, ReplayScript.WINDOW));
        System.out.println("replay script: " + script.summary());

        try (JobHarness steady = new JobHarness(ReplayScript.PARTITIONS);
                JobHarness failing = new JobHarness(ReplayScript.PARTITIONS, steady.activity);
                JobHarness stopped = new JobHarness(ReplayScript.PARTITIONS, steady.activity)) {
            List<JobHarness> runs = List.of(steady, failing, stopped);
            for (JobHarness h : runs) {
                h.insertUsers(script.users.toArray(String[]::new));
            }
            JobClient steadyJob = steady.start(args("--parallelism", "2"));
            JobClient failingJob = failing.start(args("--parallelism", "2", "--fail-after", "250"));
            JobClient stoppedJob = stopped.start(args("--parallelism", "2"));

            // partition 2 lags three minutes of event time behind the others in every phase
            Map<Integer, Long> phase1 = produce(steady, script, new long[] {6, 6, 3});
            stopped.awaitCommitted(phase1, Duration.ofSeconds(60));
            String savepoint1 = stoppedJob
                    .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();
            Map<Integer, Long> phase2 = produce(steady, script, new long[] {10, 10, 7});
            stoppedJob = stopped.startFrom(savepoint1, args("--parallelism", "1"));
            stopped.awaitCommitted(phase2, Duration.ofSeconds(60));
            String savepoint2 = stoppedJob
                    .stopWithSavepoint(false, savepoints.toUri().toString(), SavepointFormatType.CANONICAL)
                    .get();
            produce(steady, script, null);
            stoppedJob = stopped.startFrom(savepoint2, args("--parallelism", "2"));

            Map<String, WindowResult> windows = script.expectedWindows();
            Map<String, FeedPost> posts = script.expectedPosts();
            Map<String, Long> likes = script.expectedLikes();
            Map<String, Map<String, Object>> comments = script.expectedComments();
            for (JobHarness h : runs) {
                JobHarness.await("window_stats of " + h.db.name() + " as computed from the log", CONVERGE, () -> {
                    assertThat(windowRows(h)).isEqualTo(windows);
                    return Boolean.TRUE;
                });
                JobHarness.await("posts, post_likes and comments of " + h.db.name(), Duration.ofSeconds(30), () -> {
                    assertThat(postRows(h)).isEqualTo(posts);
                    assertThat(likeRows(h)).isEqualTo(likes);
                    assertThat(commentRows(h)).isEqualTo(comments);
                    return Boolean.TRUE;
                });
                JobHarness.await(
                        "the last result per key on the topics of " + h.db.name(), Duration.ofSeconds(30), () -> {
                            assertThat(h.lastPerKey(h.analytics, ResultCodec::decodeWindowResult))
                                    .isEqualTo(windows);
                            assertThat(h.lastPerKey(h.feed, ResultCodec::decodeFeedPost))
                                    .isEqualTo(posts);
                            return Boolean.TRUE;
                        });
            }
            for (String table : List.of(
                    "window_stats ORDER BY community_id, window_start",
                    "posts ORDER BY id",
                    "post_likes ORDER BY post_id, user_id",
                    "comments ORDER BY id")) {
                List<Map<String, Object>> reference = steady.rows("SELECT * FROM " + table);
                assertThat(failing.rows("SELECT * FROM " + table))
                        .as("restored from a checkpoint: " + table)
                        .isEqualTo(reference);
                assertThat(stopped.rows("SELECT * FROM " + table))
                        .as("resumed from savepoints at 2 → 1 → 2: " + table)
                        .isEqualTo(reference);
            }

            assertThat(JobHarness.exceptions(miniCluster, failingJob.getJobID()))
                    .as("the failing run failed and restored")
                    .contains("InjectedFailure");
            assertThat(JobHarness.exceptions(miniCluster, steadyJob.getJobID())).doesNotContain("Exception");
            assertThat(JobHarness.exceptions(miniCluster, stoppedJob.getJobID()))
                    .doesNotContain("Exception");
            System.out.printf(
                    "replay: %d windows, %d posts, %d likes, %d comments identical in three runs%n",
                    windows.size(), posts.size(), likes.size(), comments.size());
        }
    }

    private static String[] args(String... extra) {
        List<String> args = new ArrayList<>(ReplayScript.jobArgs());
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    /** Records of each partition sent so far. */
    private final Map<Integer, Integer> sent = new HashMap<>();

    /**
     * Sends the records not sent yet whose write time is before {@code t0 + minutes[p]} minutes in partition p (all
     * that are left if {@code minutes} is null), in log order with their timestamps; returns the end offsets.
     */
    private Map<Integer, Long> produce(JobHarness h, ReplayScript script, long[] minutes) throws Exception {
        Map<Integer, Long> ends = new TreeMap<>();
        List<Future<RecordMetadata>> acks = new ArrayList<>();
        for (Map.Entry<Integer, List<ReplayScript.Rec>> e : script.log.entrySet()) {
            int p = e.getKey();
            List<ReplayScript.Rec> log = e.getValue();
            int i = sent.getOrDefault(p, 0);
            while (i < log.size() && (minutes == null || log.get(i).writtenAt() < script.t0 + minutes[p] * 60_000)) {
                ReplayScript.Rec r = log.get(i++);
                acks.add(h.producer.send(new ProducerRecord<>(h.activity, p, r.writtenAt(), r.key(), r.value())));
            }
            sent.put(p, i);
        }
        h.producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            RecordMetadata m = ack.get();
            ends.merge(m.partition(), m.offset() + 1, Math::max);
        }
        return ends;
    }

    private static Map<String, WindowResult> windowRows(JobHarness h) throws Exception {
        Map<String, WindowResult> out = new TreeMap<>();
        for (Map<String, Object> r : h.rows("SELECT * FROM window_stats")) {
            WindowResult w = new WindowResult(
                    (String) r.get("community_id"),
                    (Long) r.get("window_start"),
                    (Long) r.get("window_end"),
                    (Long) r.get("active_users"),
                    (Long) r.get("signed_in"),
                    (Long) r.get("posts"),
                    (Long) r.get("likes"),
                    (Long) r.get("comments"),
                    (Long) r.get("shares"),
                    new EmotionCounts(
                            (Long) r.get("emotion_anger"),
                            (Long) r.get("emotion_disgust"),
                            (Long) r.get("emotion_fear"),
                            (Long) r.get("emotion_joy"),
                            (Long) r.get("emotion_sadness"),
                            (Long) r.get("emotion_surprise"),
                            (Long) r.get("emotion_neutral")),
                    (Long) r.get("late_events"),
                    (Integer) r.get("revision"),
                    (Long) r.get("late_events") > 0);
            assertThat(AnalyticsIT.rowOf(w)).as("every column").isEqualTo(new HashMap<>(r));
            out.put(w.key(), w);
        }
        return out;
    }

    private static Map<String, FeedPost> postRows(JobHarness h) throws Exception {
        Map<String, FeedPost> out = new TreeMap<>();
        for (Map<String, Object> r : h.rows("SELECT * FROM posts")) {
            assertThat(r.get("emotion")).isNull();
            assertThat(r.get("score_joy")).isNull();
            out.put(
                    (String) r.get("id"),
                    new FeedPost(
                            (String) r.get("id"),
                            (String) r.get("community_id"),
                            (String) r.get("author_id"),
                            (String) r.get("author_name"),
                            (String) r.get("text"),
                            (String) r.get("media_id"),
                            (Long) r.get("created_at"),
                            null,
                            null,
                            (Long) r.get("likes"),
                            (Long) r.get("comments"),
                            (Long) r.get("shares"),
                            (Long) r.get("version")));
        }
        return out;
    }

    private static Map<String, Long> likeRows(JobHarness h) throws Exception {
        Map<String, Long> out = new TreeMap<>();
        for (Map<String, Object> r : h.rows("SELECT * FROM post_likes WHERE liked")) {
            out.put(r.get("post_id") + "/" + r.get("user_id"), (Long) r.get("liked_at"));
        }
        return out;
    }

    private static Map<String, Map<String, Object>> commentRows(JobHarness h) throws Exception {
        Map<String, Map<String, Object>> out = new TreeMap<>();
        for (Map<String, Object> r : h.rows("SELECT * FROM comments")) {
            out.put((String) r.get("id"), new LinkedHashMap<>(r));
        }
        return out;
    }
}
