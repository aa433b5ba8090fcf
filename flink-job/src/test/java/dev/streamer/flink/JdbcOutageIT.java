package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.flink.JobHarness.await;
import static dev.streamer.flink.JobHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.Json;
import dev.streamer.contract.PostPayload;
import dev.streamer.infra.Database;
import dev.streamer.infra.testing.TcpProxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * MariaDB down while events arrive: the job reaches it through a TCP proxy that is cut until the job has failed
 * three times. The sink retries, fails the task, the job restarts with its back-off as long as MariaDB is gone and runs
 * again once it is back, with every row in place, without a human. A row MariaDB refuses as data is skipped without a failure.
 */
class JdbcOutageIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    @Test
    void theJobComesBackByItselfAfterMariaDbWasDownAndTheRowsConverge(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        try (JobHarness job = new JobHarness(3);
                TcpProxy proxy = TcpProxy.start(job.db.host(), job.db.port())) {
            String author = uuid();
            List<String> users = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                users.add(uuid());
            }
            job.insertUsers(author);
            job.insertUsers(users.toArray(String[]::new));
            JobClient client = job.start(
                    "--emotion",
                    "off",
                    "--parallelism",
                    "2",
                    "--jdbc-max-retries",
                    "2",
                    "--jdbc-url",
                    Database.url("127.0.0.1", proxy.port(), job.db.name()));

            // a post by a user MariaDB does not know: refused (foreign key), counted and skipped, no failure
            String orphan = uuid();
            String post = uuid();
            job.send(
                    ActivityEvent.postCreated(
                            uuid(),
                            "facebook",
                            uuid(),
                            orphan,
                            System.currentTimeMillis(),
                            new PostPayload("nobody wrote this", null, "ghost")),
                    ActivityEvent.postCreated(
                            uuid(),
                            "facebook",
                            author,
                            post,
                            System.currentTimeMillis(),
                            new PostPayload("before the outage", null, "author")),
                    ActivityEvent.interaction(
                            uuid(), POST_LIKED, "facebook", users.get(0), post, System.currentTimeMillis()));
            await(
                    "the post before the outage",
                    Duration.ofSeconds(60),
                    () -> likes(job, post) == 1L ? Boolean.TRUE : null);
            assertThat(job.rows("SELECT id FROM posts WHERE id = '" + orphan + "'"))
                    .isEmpty();
            assertThat(JobHarness.exceptions(miniCluster, client.getJobID()))
                    .as("a refused row fails nothing")
                    .contains("\"entries\":[]");

            proxy.cut();
            long cutAt = System.nanoTime();
            for (int i = 1; i < users.size(); i++) {
                job.send(ActivityEvent.interaction(
                        uuid(), POST_LIKED, "facebook", users.get(i), post, System.currentTimeMillis()));
            }
            job.send(ActivityEvent.commentAdded(
                    uuid(),
                    "facebook",
                    users.get(1),
                    post,
                    System.currentTimeMillis(),
                    new CommentPayload(uuid(), "during the outage", "user1")));
            // down until the job has failed and restarted three times with a growing back-off (1 s, 2 s, 4 s)
            await(
                    "three failures while MariaDB is down",
                    Duration.ofSeconds(120),
                    () -> jdbcFailures(miniCluster, client) >= 3 ? Boolean.TRUE : null);
            System.out.printf(
                    "MariaDB unreachable for %d s, %d failures%n",
                    (System.nanoTime() - cutAt) / 1_000_000_000, jdbcFailures(miniCluster, client));
            assertThat(client.getJobStatus().get()).as("restarting, not failed").isNotEqualTo(JobStatus.FAILED);
            proxy.restore();

            await(
                    "every like and the comment after the outage",
                    Duration.ofSeconds(90),
                    () -> likes(job, post) == users.size()
                                    && job.rows("SELECT * FROM post_likes WHERE liked AND post_id = '" + post + "'")
                                                    .size()
                                            == users.size()
                                    && job.rows("SELECT * FROM comments WHERE post_id = '" + post + "'")
                                                    .size()
                                            == 1
                            ? Boolean.TRUE
                            : null);
            Map<String, Object> row =
                    job.rows("SELECT * FROM posts WHERE id = '" + post + "'").get(0);
            assertThat(row).containsEntry("comments", 1L).containsEntry("version", (long) users.size() + 2);
            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
        }
    }

    /** Failures of the job whose cause was a write to MariaDB that failed after its retries. */
    private static long jdbcFailures(MiniCluster miniCluster, JobClient client) throws Exception {
        JsonNode entries = Json.mapper()
                .readTree(JobHarness.exceptions(miniCluster, client.getJobID()))
                .path("exceptionHistory")
                .path("entries");
        long n = 0;
        for (JsonNode entry : entries) {
            if (entry.path("stacktrace").asText().contains("could not write")) {
                n++;
            }
        }
        return n;
    }

    private static Long likes(JobHarness job, String post) throws Exception {
        List<Map<String, Object>> rows = job.rows("SELECT likes FROM posts WHERE id = '" + post + "'");
        return rows.isEmpty() ? null : (Long) rows.get(0).get("likes");
    }
}
