package dev.streamer.flink;

import static dev.streamer.flink.JobHarness.await;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Two jobs read the same activity at the same time: one runs through, the other fails after N records (after at least
 * one completed checkpoint) and restores. Both must end with identical MySQL rows, equal to the counts computed by
 * {@link ActivityScript}: nothing lost, nothing counted twice.
 */
class FailureRecoveryIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private static final long BASE = 1_800_000_000_000L;
    private static final long W = 30_000;

    @Test
    void restoredRunEndsWithTheSameRowsAsAnUninterruptedOne(@InjectMiniCluster MiniCluster miniCluster) throws Exception {
        // 4 000 events from BASE + 29 s, 15 ms apart (three windows), up to 2 s out of order (< the 5 s bound)
        ActivityScript script = new ActivityScript(42, 60, 4_000, BASE + 29_000, 15, 2_000);
        try (JobHarness steady = new JobHarness(3);
             JobHarness failing = new JobHarness(3, steady.activity)) {
            for (JobHarness h : List.of(steady, failing)) {
                h.insertUsers(script.users.toArray(String[]::new));
            }
            // Watermarks move with event time only (no wall-clock advance: on this shared machine a CPU-starved job could
            // look idle); the sentinels at the end close every window of the script.
            JobClient steadyJob = steady.start("--emotion", "off", "--parallelism", "2", "--idle-after", "10min");
            JobClient failingJob = failing.start("--emotion", "off", "--parallelism", "2", "--idle-after", "10min",
                    "--fail-after", "700");

            System.out.println("REST " + miniCluster.getRestAddress().get() + " steady " + steadyJob.getJobID()
                    + " failing " + failingJob.getJobID());
            // ~5 s of traffic so that checkpoints complete while it flows
            int i = 0;
            for (ActivityEvent e : script.events) {
                steady.producer.send(record(steady.activity, e));
                if (++i % 80 == 0) {
                    steady.producer.flush();
                    Thread.sleep(100);
                }
            }
            long last = script.events.stream().mapToLong(ActivityEvent::occurredAt).max().orElseThrow();
            for (String community : ActivityScript.COMMUNITIES) {
                steady.producer.send(record(steady.activity,
                        ActivityEvent.signedIn(JobHarness.uuid(), community, script.users.get(0), last + 3_600_000)));
            }
            steady.producer.flush();

            Map<String, ActivityScript.WindowCounts> windows = script.expectedWindows(W);
            for (JobHarness h : List.of(steady, failing)) {
                await("all windows in " + h.db.name(), Duration.ofSeconds(90), () -> {
                    assertThat(windowRows(h)).isEqualTo(windows);
                    return Boolean.TRUE;
                });
            }

            String exceptions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    miniCluster.getRestAddress().get() + "/jobs/" + failingJob.getJobID() + "/exceptions")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(exceptions).as("the failing job failed and restarted").contains("InjectedFailure");
            String steadyExceptions = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                    miniCluster.getRestAddress().get() + "/jobs/" + steadyJob.getJobID() + "/exceptions")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertThat(steadyExceptions).doesNotContain("InjectedFailure");

            Map<String, ActivityScript.PostCounts> posts = script.expectedPosts();
            for (JobHarness h : List.of(steady, failing)) {
                // posts, post_likes and comments have a sink each, flushed on its own timer
                await("all posts, likes and comments in " + h.db.name(), Duration.ofSeconds(20), () -> {
                    assertThat(postRows(h)).isEqualTo(posts);
                    assertThat(likeRows(h)).isEqualTo(script.expectedLikes());
                    assertThat(h.rows("SELECT COUNT(*) AS n FROM comments").get(0).get("n")).isEqualTo(script.distinctComments());
                    return Boolean.TRUE;
                });
            }
            for (String table : List.of("posts ORDER BY id", "post_likes ORDER BY post_id, user_id",
                    "comments ORDER BY id", "window_stats ORDER BY community_id, window_start")) {
                assertThat(failing.rows("SELECT * FROM " + table)).as(table).isEqualTo(steady.rows("SELECT * FROM " + table));
            }
            System.out.printf("failure test: %d events sent, %d posts, %d windows, %d likes, %d comments, identical%n",
                    script.events.size(), posts.size(), windows.size(), script.expectedLikes().size(), script.distinctComments());
        }
    }

    /** Every partition gets traffic: community i goes to partition i % 3. */
    private static ProducerRecord<String, byte[]> record(String topic, ActivityEvent e) {
        return new ProducerRecord<>(topic, ActivityScript.COMMUNITIES.indexOf(e.communityId()) % 3, e.communityId(),
                EventCodec.encode(e));
    }

    private static Map<String, ActivityScript.WindowCounts> windowRows(JobHarness h) throws Exception {
        Map<String, ActivityScript.WindowCounts> out = new TreeMap<>();
        for (Map<String, Object> r : h.rows("SELECT * FROM window_stats")) {
            assertThat(r.get("late_events")).isEqualTo(0L);
            assertThat(r.get("revision")).isEqualTo(0);
            assertThat((Long) r.get("window_end") - (Long) r.get("window_start")).isEqualTo(W);
            out.put(r.get("community_id") + "@" + r.get("window_start"), new ActivityScript.WindowCounts(
                    (Long) r.get("active_users"), (Long) r.get("posts"), (Long) r.get("likes"), (Long) r.get("comments"),
                    (Long) r.get("shares")));
        }
        return out;
    }

    private static Map<String, ActivityScript.PostCounts> postRows(JobHarness h) throws Exception {
        return h.rows("SELECT * FROM posts").stream().collect(Collectors.toMap(r -> (String) r.get("id"),
                r -> new ActivityScript.PostCounts((String) r.get("community_id"), (Long) r.get("likes"),
                        (Long) r.get("comments"), (Long) r.get("shares"), (Long) r.get("version")), (a, b) -> a, TreeMap::new));
    }

    private static Set<String> likeRows(JobHarness h) throws Exception {
        Set<String> out = new HashSet<>();
        for (Map<String, Object> r : h.rows("SELECT post_id, user_id FROM post_likes")) {
            out.add(r.get("post_id") + "/" + r.get("user_id"));
        }
        return out;
    }
}
