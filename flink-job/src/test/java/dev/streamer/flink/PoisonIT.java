package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.flink.JobHarness.await;
import static dev.streamer.flink.JobHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Json;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Poison on the real broker: records up to the broker's size limit of random bytes, control bytes, invalid UTF-8,
 * deep nesting, a huge number, a valid envelope with a 1 MB text, a null value, a huge key, amid valid events. Every
 * one ends on the DLQ as a bounded record, every valid event is counted, and the job never fails.
 */
class PoisonIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    @Test
    void everyPoisonRecordEndsOnTheDlqAndTheJobNeverRestarts(@InjectMiniCluster MiniCluster miniCluster)
            throws Exception {
        List<PoisonRecords.Poison> poison = PoisonRecords.all();
        String author = uuid();
        try (JobHarness job = new JobHarness(3)) {
            List<String> likers = new ArrayList<>();
            for (int i = 0; i < poison.size() + 1; i++) {
                likers.add(uuid());
            }
            job.insertUsers(author);
            job.insertUsers(likers.toArray(String[]::new));
            JobClient client = job.start("--emotion", "off", "--parallelism", "2");

            String post = uuid();
            job.send(ActivityEvent.postCreated(
                    uuid(),
                    "facebook",
                    author,
                    post,
                    System.currentTimeMillis(),
                    new PostPayload("amid poison", null, "author")));
            for (int i = 0; i < poison.size(); i++) {
                PoisonRecords.Poison p = poison.get(i);
                String key = p.key() == null ? null : new String(p.key(), StandardCharsets.UTF_8);
                // every partition gets its share of poison, at the broker's record size limit
                job.producer
                        .send(new ProducerRecord<>(job.activity, i % 3, key, p.value()))
                        .get();
                job.send(ActivityEvent.interaction(
                        uuid(), POST_LIKED, "facebook", likers.get(i), post, System.currentTimeMillis()));
            }
            job.send(ActivityEvent.interaction(
                    uuid(), POST_LIKED, "facebook", likers.get(poison.size()), post, System.currentTimeMillis()));

            List<ConsumerRecord<String, byte[]>> dlq =
                    job.kafka.read(job.dlq, r -> true, poison.size(), Duration.ofSeconds(90));
            assertThat(dlq).hasSize(poison.size());
            List<JsonNode> values = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : dlq) {
                assertThat(r.serializedKeySize() + r.serializedValueSize()).isLessThanOrEqualTo(16 * 1024);
                values.add(Json.mapper().readTree(r.value()));
            }
            for (PoisonRecords.Poison p : poison) {
                int size = p.value() == null ? -1 : p.value().length;
                String sha = p.value() == null ? null : sha256(p.value());
                assertThat(values)
                        .as(p.what())
                        .anyMatch(v -> v.get("valueSize").asInt() == size
                                && (sha == null
                                        ? !v.has("valueSha256")
                                        : sha.equals(v.get("valueSha256").asText()))
                                && p.reason().equals(v.get("reason").asText()));
            }
            assertThat(dlq).allMatch(r -> r.headers().lastHeader(Topics.DLQ_REASON_HEADER) != null);

            // every valid event counted: the post with all its likes
            long likes = likers.size();
            Map<String, Object> row = await("the post with " + likes + " likes", Duration.ofSeconds(60), () -> {
                List<Map<String, Object>> r = job.rows("SELECT * FROM posts WHERE id = '" + post + "'");
                return r.size() == 1 && (Long) r.get(0).get("likes") == likes ? r.get(0) : null;
            });
            assertThat(row).containsEntry("version", likes + 1);
            await(
                    "post_likes",
                    Duration.ofSeconds(20),
                    () -> job.rows("SELECT * FROM post_likes WHERE liked AND post_id = '" + post + "'")
                                            .size()
                                    == likes
                            ? Boolean.TRUE
                            : null);
            // and in the windows, which fire once the traffic stops
            await("the windows of the valid events", Duration.ofSeconds(90), () -> {
                Map<String, Object> sums = job.rows(
                                "SELECT COALESCE(SUM(posts), 0) AS posts, COALESCE(SUM(likes), 0) AS likes "
                                        + "FROM window_stats WHERE community_id = 'facebook'")
                        .get(0);
                return ((Number) sums.get("posts")).longValue() == 1
                                && ((Number) sums.get("likes")).longValue() == likes
                        ? Boolean.TRUE
                        : null;
            });

            assertThat(client.getJobStatus().get()).isEqualTo(JobStatus.RUNNING);
            assertThat(JobHarness.exceptions(miniCluster, client.getJobID()))
                    .as("never failed, never restarted")
                    .contains("\"entries\":[]")
                    .doesNotContain("Exception");
        }
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }
}
