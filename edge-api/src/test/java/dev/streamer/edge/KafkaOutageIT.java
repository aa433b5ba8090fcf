package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EventType;
import dev.streamer.infra.testing.ChildKafka;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/**
 * With the broker down, writes answer 503 + Retry-After within 5 s and nothing is accepted, while reads, the UI and
 * readiness keep answering (only the "dependencies" health group reports Kafka down); when the broker is back on the
 * same address, posting works again without restarting the service.
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

    @Inject
    AgroalDataSource ds;

    private static Response post(Api.Session s, String text) {
        return s.as().contentType(ContentType.JSON).body(Map.of("text", text)).post("/api/communities/facebook/posts");
    }

    @Test
    void writesAre503WithinFiveSecondsAndReadsKeepWorkingWhileTheBrokerIsDownAndPostingResumesWhenItIsBack()
            throws java.io.IOException {
        ChildKafka kafka = new ChildKafka(
                Path.of(kafkaDir), Integer.parseInt(bootstrap.substring(bootstrap.lastIndexOf(':') + 1)));
        Api.Session s = Api.member("outage", "facebook");
        post(s, "before the outage").then().statusCode(202);
        String postId = new Rows(ds)
                .post("facebook", s.id(), s.username(), "stored before the outage", System.currentTimeMillis());
        String mediaId = s.as().multiPart("file", "a.png", MediaIT.image("png"), "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");

        // a second session of the same user to sign out with: logout revokes its token at once, even when its
        // sign-out events then wait for the broker, and the reads below use the first session
        Api.Session second = new Api.Session(
                s.id(),
                s.username(),
                Api.login(s.username(), "correct horse")
                        .then()
                        .statusCode(200)
                        .extract()
                        .path("token"));

        kafka.stop();
        List<String> refused = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String text = "during the outage " + i;
            long start = System.nanoTime();
            Response r = post(s, text);
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            Api.assertProblem(r, 503);
            assertThat(r.header("Retry-After"))
                    .as("Retry-After of a refused post")
                    .matches("[1-9][0-9]*");
            assertThat(ms).as("answer time while the broker is down").isLessThan(5000);
            refused.add(text);
            System.out.printf("KafkaOutageIT: 503 after %d ms with the broker down%n", ms);
        }
        Map<String, Response> writes = Map.of(
                "like", s.as().header("Idempotency-Key", "outage-like").post("/api/posts/" + postId + "/like"),
                "share", s.as().header("Idempotency-Key", "outage-share").post("/api/posts/" + postId + "/shares"),
                "comment",
                        s.as().contentType(ContentType.JSON)
                                .body(Map.of("text", "hi"))
                                .post("/api/posts/" + postId + "/comments"),
                "login", Api.login(s.username(), "correct horse"),
                "logout", second.as().post("/api/auth/logout"));
        writes.forEach((name, r) -> {
            assertThat(r.statusCode())
                    .as(name + " with the broker down: " + r.body().asString())
                    .isEqualTo(503);
            assertThat(r.header("Retry-After")).as(name + " Retry-After").matches("[1-9][0-9]*");
        });

        // reads, the UI and readiness do not need the broker
        Map<String, Response> reads = new java.util.LinkedHashMap<>();
        reads.put("feed", s.as().get("/api/communities/facebook/feed"));
        reads.put("comments", s.as().get("/api/posts/" + postId + "/comments"));
        reads.put("analytics", s.as().get("/api/communities/facebook/analytics"));
        reads.put("communities", s.as().get("/api/communities"));
        reads.put("me", s.as().get("/api/me"));
        reads.put("media", s.as().get("/api/media/" + mediaId));
        reads.put("ui", RestAssured.given().accept("text/html").get("/"));
        reads.put("readiness", RestAssured.given().port(management.getPort()).get("/q/health/ready"));
        reads.put("liveness", RestAssured.given().port(management.getPort()).get("/q/health/live"));
        reads.forEach((name, r) ->
                assertThat(r.statusCode()).as(name + " with the broker down").isEqualTo(200));
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/group/dependencies")
                .then()
                .statusCode(503)
                .body("checks.find { it.name == 'kafka' }.status", org.hamcrest.Matchers.equalTo("DOWN"))
                .body("checks.find { it.name == 'database' }.status", org.hamcrest.Matchers.equalTo("UP"));

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
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/group/dependencies")
                .then()
                .statusCode(200);

        List<Events.Received> events = Events.read(
                bootstrap,
                e -> e.userId().equals(s.id()) && e.type() == EventType.POST_CREATED,
                3,
                Duration.ofSeconds(20));
        List<String> texts = events.stream().map(r -> r.event().post().text()).toList();
        assertThat(texts)
                .contains("before the outage", "after the outage", "after the outage, again")
                .doesNotContainAnyElementsOf(refused);
    }
}
