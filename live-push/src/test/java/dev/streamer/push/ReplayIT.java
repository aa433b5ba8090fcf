package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.WindowResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class ReplayIT {

    private static final int PARTITION = 1;

    @TestHTTPResource("/")
    URI base;

    /**
     * Every record goes to one partition, so the server reads them in order: when the last (sentinel) of a topic
     * arrives, everything before it has been routed or suppressed.
     */
    @Test
    void aReplayedOrOlderRecordIsNotDeliveredAgain() throws Exception {
        String member = Fixtures.user("twitter");
        long start = System.currentTimeMillis() / Fixtures.WINDOW_MS * Fixtures.WINDOW_MS + 7_200_000;
        String postId = UUID.randomUUID().toString();
        String sentinelPostId = UUID.randomUUID().toString();
        try (TestSocket s = TestSocket.connect(base, "twitter", Fixtures.token(member));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");

            WindowResult rev0 = Fixtures.window("twitter", start, 3, 0);
            WindowResult rev1 = Fixtures.window("twitter", start, 4, 1);
            for (WindowResult w : List.of(rev0, rev0, rev1, rev1, rev0)) {
                Fixtures.send(producer, w, PARTITION);
            }
            Fixtures.send(producer, Fixtures.window("twitter", start + Fixtures.WINDOW_MS, 1, 0), PARTITION);

            FeedPost v1 = Fixtures.post("twitter", postId, "hello", 1);
            FeedPost v2 = Fixtures.post("twitter", postId, "hello", 2);
            for (FeedPost p : List.of(v1, v1, v2, v1, v2)) {
                Fixtures.send(producer, p, PARTITION);
            }
            Fixtures.send(producer, Fixtures.post("twitter", sentinelPostId, "last", 1), PARTITION);

            s.until(
                    m -> m.has("window") && m.get("window").get("windowStart").asLong() == start + Fixtures.WINDOW_MS,
                    Duration.ofSeconds(15));
            s.until(
                    m -> m.has("post") && m.get("post").get("postId").asText().equals(sentinelPostId),
                    Duration.ofSeconds(15));

            List<Integer> revisions = new ArrayList<>();
            List<Long> versions = new ArrayList<>();
            for (JsonNode m : s.seen) {
                if (m.has("window") && m.get("window").get("windowStart").asLong() == start) {
                    revisions.add(m.get("window").get("revision").asInt());
                }
                if (m.has("post") && m.get("post").get("postId").asText().equals(postId)) {
                    versions.add(m.get("post").get("version").asLong());
                }
            }
            assertThat(revisions).containsExactly(0, 1);
            assertThat(versions).containsExactly(1L, 2L);
            assertThat(s.inbox).isEmpty();
        }
    }
}
