package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.FeedPost;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class SlowClientIT {

    private static final int MAX_POSTS = 4_000;
    /** Posts the producer may be ahead of the healthy client. */
    private static final int IN_FLIGHT = 50;

    @TestHTTPResource("/")
    URI base;

    @Inject
    PushMetrics metrics;

    @Test
    void aStalledClientIsDroppedWith4408WhileOthersKeepReceiving() throws Exception {
        String stalledUser = Fixtures.user("facebook");
        String healthyUser = Fixtures.user("facebook");
        double droppedBefore = metrics.clientsDropped();
        String text = "x".repeat(4_000);
        try (StalledSocket stalled =
                        StalledSocket.open(Fixtures.socket(base, "facebook"), Fixtures.token(stalledUser));
                TestSocket healthy = TestSocket.connect(base, "facebook", Fixtures.token(healthyUser));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            assertThat(healthy.next().get("type").asText()).isEqualTo("snapshot");

            Set<String> produced = new HashSet<>();
            int sentAfterDrop = 0;
            int producedBeforeDrop = -1;
            for (int i = 0; i < MAX_POSTS && sentAfterDrop < 50; i++) {
                FeedPost post = Fixtures.post("facebook", UUID.randomUUID().toString(), text, 1);
                producer.send(new ProducerRecord<>(
                        dev.streamer.contract.Topics.FEED,
                        post.postId(),
                        dev.streamer.contract.ResultCodec.encode(post)));
                produced.add(post.postId());
                if (i % 10 == 9) { // paced by the healthy reader: it keeps up, the stalled one cannot
                    producer.flush();
                    int producedSoFar = produced.size();
                    await().atMost(Duration.ofSeconds(20))
                            .until(() -> healthy.inbox.size() >= producedSoFar - IN_FLIGHT);
                }
                if (metrics.clientsDropped() > droppedBefore) {
                    producedBeforeDrop = producedBeforeDrop < 0 ? i : producedBeforeDrop;
                    sentAfterDrop++;
                }
            }
            producer.flush();
            await().atMost(Duration.ofSeconds(15)).until(() -> metrics.clientsDropped() > droppedBefore);
            assertThat(metrics.clientsDropped()).as("stalled client dropped").isEqualTo(droppedBefore + 1);

            // the healthy client got every post, including those produced after the drop
            Set<String> received = new HashSet<>();
            while (received.size() < produced.size()) {
                JsonNode m = healthy.until(n -> n.has("post"), Duration.ofSeconds(20));
                received.add(m.get("post").get("postId").asText());
            }
            assertThat(received).isEqualTo(produced);
            assertThat(healthy.closeCode).isNotDone();

            int[] framesBeforeClose = {0};
            assertThat(stalled.readUntilClose(framesBeforeClose)).isEqualTo(CloseCodes.TOO_SLOW);
            assertThat(framesBeforeClose[0]).isLessThan(produced.size());
            System.out.printf(
                    "stalled client: dropped after ~%d posts of 4 KB; it had been sent %d of %d%n",
                    producedBeforeDrop, framesBeforeClose[0], produced.size());
        }
    }
}
