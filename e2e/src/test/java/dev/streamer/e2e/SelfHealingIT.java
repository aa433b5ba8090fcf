package dev.streamer.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.e2e.Stack.Result;
import java.nio.file.Files;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Issue 13, self-healing: kill -9 of the TaskManager and of the JobManager of the running stack; the supervisor
 * ({@code up} starts it) brings them back, the job runs again (from its latest checkpoint after the JobManager) and
 * the counts of a post whose events were sent during the outage are exact. {@code bin/streamer status} says loudly
 * that the job is not RUNNING meanwhile.
 */
@Order(3)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SelfHealingIT {

    /** Generous for a loaded 2-core CI machine; the measured times are printed. */
    static final Duration RECOVERY = Duration.ofSeconds(180);

    @BeforeEach
    void theStackRuns() throws Exception {
        String job = Stack.recordedJobId();
        await("the job runs before the test").atMost(RECOVERY).until(() -> Stack.jobReady(Stack.recordedJobId()));
        assertThat(Stack.alive(Stack.pid("supervisor")))
                .as("the supervisor runs (bin/streamer up starts it)")
                .isTrue();
        assertThat(job).isNotBlank();
    }

    @Test
    @Order(1)
    void aKilledTaskManagerIsReplacedStatusSaysSoAndCountsStayExact() throws Exception {
        TrackedPost post = TrackedPost.create("tm-kill", 3);
        post.like(post.member(0));
        post.comment(post.member(1));
        post.awaitExact(RECOVERY);
        String job = Stack.recordedJobId();

        long killedAt = System.nanoTime();
        long killed = Stack.killHard("flink-taskmanager");
        // while the job has no TaskManager: events are accepted (Kafka is up) and status fails loudly
        post.like(post.member(1));
        post.unlike(post.member(0));
        post.share(post.member(2));
        AtomicReference<Result> notRunning = new AtomicReference<>();
        await("bin/streamer status reports the job not RUNNING")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    Result r = Stack.streamer("status");
                    notRunning.set(r);
                    return r.exit() == 4;
                });
        System.out.println("bin/streamer status while the TaskManager is gone:\n" + notRunning.get());
        assertThat(notRunning.get().stderr()).contains("error: the Flink job is NOT RUNNING");
        assertThat(notRunning.get().stdout())
                .containsPattern("flink-job +state=(RESTARTING|RUNNING|CREATED|INITIALIZING)");

        await("a new TaskManager")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    long pid = Stack.pid("flink-taskmanager");
                    // its log starts empty with the JVM; the cluster's count alone still includes the dead one for a
                    // while
                    return pid != killed
                            && Stack.alive(pid)
                            && Files.readString(Stack.HOME.resolve("logs/flink-taskmanager.log"))
                                    .contains("Successful registration at resource manager");
                });
        long replaced = System.nanoTime();
        await("the job RUNNING again")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> Stack.jobReady(job) && Stack.streamer("status").exit() == 0);
        long running = System.nanoTime();
        System.out.printf(
                "measured: TaskManager replaced (registered) %.1f s after kill -9, job RUNNING %.1f s after%n",
                (replaced - killedAt) / 1e9, (running - killedAt) / 1e9);
        assertThat(Stack.recordedJobId()).as("the same job, restarted by Flink").isEqualTo(job);
        // the REST API serves job metrics from a cache the JobManager refreshes every 10 s
        // (metrics.fetcher.update-interval)
        await("Flink counts the restart")
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> Stack.flink("/jobs/" + job + "/metrics?get=numRestarts")
                                .get(0)
                                .path("value")
                                .asLong()
                        > 0);
        Result status = Stack.streamer("status");
        assertThat(status.stdout()).containsPattern("flink-taskmanager +up +\\d+ +- +[1-9]");

        post.comment(post.member(0));
        post.awaitExact(RECOVERY);
    }

    @Test
    @Order(2)
    void aKilledJobManagerIsRestartedAndTheJobResumesFromItsLatestCheckpoint() throws Exception {
        TrackedPost post = TrackedPost.create("jm-kill", 3);
        post.like(post.member(0));
        post.share(post.member(1));
        post.awaitExact(RECOVERY);
        String job = Stack.recordedJobId();
        await("a checkpoint after the post's events")
                .atMost(RECOVERY)
                .until(() -> Stack.flink("/jobs/" + job + "/checkpoints")
                                .path("latest")
                                .path("completed")
                                .path("id")
                                .asLong()
                        > 0);
        long lastCheckpoint = Stack.flink("/jobs/" + job + "/checkpoints")
                .path("latest")
                .path("completed")
                .path("id")
                .asLong();

        long killedAt = System.nanoTime();
        Stack.killHard("flink-jobmanager");
        // the job is gone with its JobManager; edge-api still takes events into Kafka
        post.like(post.member(2));
        post.unlike(post.member(0));
        post.comment(post.member(1));
        post.share(post.member(2));

        await("the job resumed by the supervisor")
                .atMost(RECOVERY)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> !Stack.recordedJobId().equals(job) && Stack.jobReady(Stack.recordedJobId()));
        System.out.printf(
                "measured: job RUNNING again %.1f s after kill -9 of the JobManager%n",
                (System.nanoTime() - killedAt) / 1e9);
        JsonNode restored = Stack.flink("/jobs/" + Stack.recordedJobId() + "/checkpoints")
                .path("latest")
                .path("restored");
        assertThat(restored.path("external_path").asText())
                .as("restored from a retained checkpoint of the killed job")
                .contains("/" + job + "/chk-");
        assertThat(restored.path("id").asLong())
                .as("the latest checkpoint or a newer one")
                .isGreaterThanOrEqualTo(lastCheckpoint);

        post.like(post.member(1));
        post.awaitExact(RECOVERY);
    }
}
