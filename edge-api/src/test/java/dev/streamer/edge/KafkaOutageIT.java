package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EventType;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * With the broker down, posting answers 503 within 5 s and nothing is accepted; when the broker is back on the same
 * address, posting works again without restarting the service.
 */
@QuarkusTest
@WithTestResource(ChildKafkaResource.class)
class KafkaOutageIT {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "streamer.test.kafka-dir", defaultValue = "unset")
    String kafkaDir;

    private static Response post(Api.Session s, String text) {
        return s.as().contentType(ContentType.JSON).body(Map.of("text", text)).post("/api/communities/facebook/posts");
    }

    @Test
    void postingIs503WithinFiveSecondsWhileTheBrokerIsDownAndResumesWhenItIsBack() {
        ChildKafka kafka = new ChildKafka(Path.of(kafkaDir), Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
        Api.Session s = Api.member("outage", "facebook");
        post(s, "before the outage").then().statusCode(202);

        kafka.stop();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String text = "during the outage " + i;
            long start = System.nanoTime();
            Response r = post(s, text);
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Api.assertProblem(r, 503);
            assertThat(ms).as("answer time while the broker is down").isLessThan(5000);
            refused.add(text);
            System.out.printf("KafkaOutageIT: 503 after %d ms with the broker down%n", ms);
        }
        RestAssured.given().port(management.getPort()).get("/q/health/ready").then().statusCode(503);

        kafka.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        while (System.nanoTime() < deadline) {
            status = post(s, "after the outage").statusCode();
            if (status == 202) {
                break;
            }
            assertThat(status).isEqualTo(503);
        }
        assertThat(status).as("posting after the broker came back").isEqualTo(202);
        System.out.println("KafkaOutageIT: 202 again after the broker came back, without restarting the service");
        post(s, "after the outage, again").then().statusCode(202);

        List<Events.Received> events = Events.read(bootstrap, e -> e.userId().equals(s.id())
                && e.type() == EventType.POST_CREATED, 3, Duration.ofSeconds(20));
        List<String> texts = events.stream().map(r -> r.event().post().text()).toList();
        assertThat(texts).contains("before the outage", "after the outage", "after the outage, again")
                .doesNotContainAnyElementsOf(refused);
    }
}
