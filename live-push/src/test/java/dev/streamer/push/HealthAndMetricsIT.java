package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Json;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class HealthAndMetricsIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/")
    URI base;

    @TestHTTPResource(value = "/", management = true)
    URI management;

    @Inject
    PushMetrics metrics;

    @Test
    void readinessIncludesKafkaTheConsumerAndTheDatabase() throws Exception {
        HttpResponse<String> response = get("q/health/ready");
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        Map<String, String> checks = new HashMap<>();
        for (JsonNode check : Json.mapper().readTree(response.body()).get("checks")) {
            checks.put(check.get("name").asText(), check.get("status").asText());
        }
        assertThat(checks).containsEntry("live-push result consumer", "UP");
        assertThat(checks).containsEntry("Kafka connection health check", "UP");
        assertThat(checks).containsEntry("Database connections health check", "UP");
    }

    @Test
    void anUndecodableRecordIsSkippedAndCountedAndLaterRecordsStillFlow() throws Exception {
        String member = Fixtures.user("facebook");
        double rejectedBefore = counter("streamer_push_records_rejected_total");
        try (TestSocket s = TestSocket.connect(base, "facebook", Fixtures.token(member));
                KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            s.next();
            producer.send(new ProducerRecord<>(Topics.FEED, 0, "junk", "{not json".getBytes(StandardCharsets.UTF_8)))
                    .get();
            String postId = UUID.randomUUID().toString();
            Fixtures.send(producer, Fixtures.post("facebook", postId, "after junk", 1), 0);
            assertThat(s.next().get("post").get("postId").asText()).isEqualTo(postId);
        }
        assertThat(counter("streamer_push_records_rejected_total")).isEqualTo(rejectedBefore + 1);
        assertThat(counter("streamer_push_messages_sent_total")).isGreaterThan(0);
        String exposition = get("q/metrics").body();
        assertThat(exposition)
                .contains(
                        "streamer_push_connections_open",
                        "streamer_push_clients_dropped_total",
                        "streamer_push_consumer_lag",
                        "streamer_push_record_age_seconds");
    }

    @Test
    void theWindowDelayIsTheRecordTimestampMinusTheWindowEnd() throws Exception {
        double countBefore = counter("streamer_push_window_delay_seconds_count");
        double sumBefore = counter("streamer_push_window_delay_seconds_sum");
        long now = System.currentTimeMillis();
        long windowStart = now - now % Fixtures.WINDOW_MS - 4 * Fixtures.WINDOW_MS;
        WindowResult window = Fixtures.window("facebook", windowStart, 3, 0);
        try (KafkaProducer<String, byte[]> producer = Fixtures.producer()) {
            producer.send(new ProducerRecord<>(
                            Topics.ANALYTICS, 0, window.windowEnd() + 7_250, window.key(), ResultCodec.encode(window)))
                    .get();
        }
        await().atMost(Duration.ofSeconds(30))
                .until(() -> counter("streamer_push_window_delay_seconds_count") >= countBefore + 1);
        assertThat(counter("streamer_push_window_delay_seconds_count")).isEqualTo(countBefore + 1);
        assertThat(counter("streamer_push_window_delay_seconds_sum") - sumBefore)
                .isCloseTo(7.25, within(0.001));
        assertThat(get("q/metrics").body()).contains("streamer_push_window_delay_seconds{quantile=\"0.99\"");
    }

    private double counter(String name) throws Exception {
        return get("q/metrics")
                .body()
                .lines()
                .filter(l -> l.startsWith(name + " ") || l.startsWith(name + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    @Test
    void healthAndMetricsAreOnTheManagementPortOnly() throws Exception {
        for (String path : new String[] {"q/health/ready", "q/metrics"}) {
            assertThat(HTTP.send(
                                    HttpRequest.newBuilder(base.resolve(path)).build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .as("public " + path)
                    .isEqualTo(404);
            assertThat(get(path).statusCode()).as("management " + path).isEqualTo(200);
        }
        assertThat(management.getPort()).isNotEqualTo(base.getPort());
    }

    /** From the management interface (/q/*). */
    private HttpResponse<String> get(String path) throws Exception {
        URI root = URI.create("http://" + management.getHost() + ":" + management.getPort() + "/");
        return HTTP.send(HttpRequest.newBuilder(root.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
