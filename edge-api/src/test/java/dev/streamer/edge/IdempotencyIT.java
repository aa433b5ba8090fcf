package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EventType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A client that retries with the same Idempotency-Key gets the same event back; the job then counts it once. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class IdempotencyIT {

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static JsonPath accepted(io.restassured.response.Response r) {
        return r.then().statusCode(202).extract().jsonPath();
    }

    private static io.restassured.response.Response post(Api.Session s, String key, String text) {
        return s.as().header("Idempotency-Key", key).contentType(ContentType.JSON).body(Map.of("text", text))
                .post("/api/communities/skype/posts");
    }

    @Test
    void aRetriedPostGetsTheSameEventAndADifferentRequestWithTheKeyIsRefused() {
        Api.Session s = Api.member("retrier", "skype");
        String key = UUID.randomUUID().toString();
        JsonPath first = accepted(post(s, key, "once, please"));
        JsonPath retry = accepted(post(s, key, "once, please"));
        assertThat(retry.getString("postId")).isEqualTo(first.getString("postId"));
        assertThat(retry.getString("eventId")).isEqualTo(first.getString("eventId"));
        assertThat(retry.getLong("occurredAt")).isEqualTo(first.getLong("occurredAt"));

        // published twice (the first answer may have been lost), one event id: counted once downstream
        List<Events.Received> events = Events.ofUser(bootstrap, s.id(), 2);
        assertThat(events).hasSize(2).allSatisfy(e -> {
            assertThat(e.event().eventId()).isEqualTo(first.getString("eventId"));
            assertThat(e.event().postId()).isEqualTo(first.getString("postId"));
            assertThat(e.event().occurredAt()).isEqualTo(first.getLong("occurredAt"));
        });

        assertProblem(post(s, key, "something else"), 422);
        // a new key is a new post
        assertThat(accepted(post(s, UUID.randomUUID().toString(), "once, please")).getString("postId"))
                .isNotEqualTo(first.getString("postId"));
        assertProblem(post(s, "not a valid key!", "x"), 400);
        assertProblem(post(s, "k".repeat(65), "x"), 400);
    }

    @Test
    void interactionsAndCommentsRepeatTheirEventAndKeysArePerUserAndPerRequestKind() {
        Api.Session author = Api.member("idemauthor", "instagram");
        Api.Session fan = Api.member("idemfan", "instagram");
        String postId = new Rows(ds).post("instagram", author.id(), author.username(), "a post", System.currentTimeMillis());
        String key = "retry-1";

        JsonPath like = accepted(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        JsonPath likeAgain = accepted(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        assertThat(likeAgain.getString("eventId")).isEqualTo(like.getString("eventId"));
        // the same key on another kind of request is a different request
        assertProblem(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/shares"), 422);
        assertProblem(fan.as().header("Idempotency-Key", key).delete("/api/posts/" + postId + "/like"), 422);
        // another user's key space is their own
        JsonPath authorsLike = accepted(author.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        assertThat(authorsLike.getString("eventId")).isNotEqualTo(like.getString("eventId"));

        JsonPath comment = accepted(fan.as().header("Idempotency-Key", "c-1").contentType(ContentType.JSON)
                .body(Map.of("text", "nice")).post("/api/posts/" + postId + "/comments"));
        JsonPath commentAgain = accepted(fan.as().header("Idempotency-Key", "c-1").contentType(ContentType.JSON)
                .body(Map.of("text", "nice")).post("/api/posts/" + postId + "/comments"));
        assertThat(commentAgain.getString("commentId")).isEqualTo(comment.getString("commentId"));
        assertThat(commentAgain.getString("eventId")).isEqualTo(comment.getString("eventId"));

        List<Events.Received> fanEvents = Events.ofUser(bootstrap, fan.id(), 4);
        assertThat(fanEvents).extracting(e -> e.event().type()).containsExactlyInAnyOrder(EventType.POST_LIKED,
                EventType.POST_LIKED, EventType.COMMENT_ADDED, EventType.COMMENT_ADDED);
        assertThat(fanEvents.stream().map(e -> e.event().eventId()).distinct()).hasSize(2);
        assertThat(new Rows(ds).count("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?", fan.id())).isEqualTo(2);
    }
}
