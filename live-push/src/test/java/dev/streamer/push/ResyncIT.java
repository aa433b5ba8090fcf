package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import dev.streamer.infra.testing.ChildKafka;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;

/**
 * A connected client through broker trouble. A broker that is killed and comes back costs nothing: the consumer
 * resumes where it was and the client gets the next record, no resync. A broker that comes back without the records
 * the consumer was about to read (its data lost) means records may have been missed: the client gets
 * {@code {"type":"resync"}}, then live records again.
 */
@QuarkusTest
@QuarkusTestResource(value = ChildKafkaPushResources.class, restrictToAnnotatedClass = true)
class ResyncIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Test
    void theConsumerKeepsItsPlaceThroughAnOutageAndTellsClientsToResyncWhenRecordsWereLost() throws Exception {
        ChildKafka kafka = ChildKafkaPushResources.kafka();
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptions()
                .until(() -> HTTP.send(
                                        HttpRequest.newBuilder(URI.create(
                                                        "http://localhost:" + management.getPort() + "/q/health/ready"))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString())
                                .statusCode()
                        == 200);
        long now = System.currentTimeMillis();
        long aligned = now - now % Fixtures.WINDOW_MS;
        String member = Fixtures.user("skype");
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "skype"), "bearer", Fixtures.token(member))) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
            try (KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
                for (int k = 0; k < 3; k++) {
                    Fixtures.send(producer, Fixtures.window("skype", aligned + k * Fixtures.WINDOW_MS, 10 + k, 0), 0);
                }
                awaitWindow(s, aligned + 2 * Fixtures.WINDOW_MS);
            }

            kafka.stop();
            kafka.start();
            try (KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
                WindowResult afterOutage = Fixtures.window("skype", aligned + 3 * Fixtures.WINDOW_MS, 20, 0);
                Fixtures.send(producer, afterOutage, 0);
                awaitWindow(s, afterOutage.windowStart());
            }
            assertThat(s.seen)
                    .as("no resync after an outage that lost nothing")
                    .noneMatch(m -> m.get("type").asText().equals("resync"));

            kafka.stop();
            kafka.loseData(Topics.ANALYTICS);
            kafka.loseData(Topics.FEED);
            kafka.start();
            s.until(m -> m.get("type").asText().equals("resync"), Duration.ofSeconds(60));
            System.out.println("ResyncIT: resync received after the broker came back without the records");
            try (KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
                WindowResult afterLoss = Fixtures.window("skype", aligned + 4 * Fixtures.WINDOW_MS, 30, 0);
                Fixtures.send(producer, afterLoss, 0);
                JsonNode live = awaitWindow(s, afterLoss.windowStart());
                assertThat(live.get("window").get("activeUsers").asLong()).isEqualTo(30);
            }
            assertThat(s.closeCode).as("the client stayed connected throughout").isNotDone();
        }
    }

    private static JsonNode awaitWindow(TestSocket s, long windowStart) throws InterruptedException {
        return s.until(
                m -> m.get("type").asText().equals("analytics")
                        && m.get("window").get("windowStart").asLong() == windowStart,
                Duration.ofSeconds(60));
    }
}
