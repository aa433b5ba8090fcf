package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EventType;
import dev.streamer.contract.Limits;
import dev.streamer.edge.api.IdempotencyKeys;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** A client that retries with the same Idempotency-Key gets the same event back; the job then counts it once. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class IdempotencyIT {

    @Inject
    AgroalDataSource ds;

    @Inject
    IdempotencyKeys keys;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static JsonPath accepted(io.restassured.response.Response r) {
        return r.then().statusCode(202).extract().jsonPath();
    }

    private static io.restassured.response.Response post(Api.Session s, String key, String text) {
        return s.as().header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(Map.of("text", text))
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
        assertThat(accepted(post(s, UUID.randomUUID().toString(), "once, please"))
                        .getString("postId"))
                .isNotEqualTo(first.getString("postId"));
        assertProblem(post(s, "not a valid key!", "x"), 400);
        assertProblem(post(s, "k".repeat(65), "x"), 400);
    }

    @Test
    void interactionsAndCommentsRepeatTheirEventAndKeysArePerUserAndPerRequestKind() {
        Api.Session author = Api.member("idemauthor", "instagram");
        Api.Session fan = Api.member("idemfan", "instagram");
        String postId =
                new Rows(ds).post("instagram", author.id(), author.username(), "a post", System.currentTimeMillis());
        String key = "retry-1";

        JsonPath like = accepted(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        JsonPath likeAgain = accepted(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        assertThat(likeAgain.getString("eventId")).isEqualTo(like.getString("eventId"));
        // the same key on another kind of request is a different request
        assertProblem(fan.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/shares"), 422);
        assertProblem(fan.as().header("Idempotency-Key", key).delete("/api/posts/" + postId + "/like"), 422);
        // another user's key space is their own
        JsonPath authorsLike =
                accepted(author.as().header("Idempotency-Key", key).post("/api/posts/" + postId + "/like"));
        assertThat(authorsLike.getString("eventId")).isNotEqualTo(like.getString("eventId"));

        JsonPath comment = accepted(fan.as()
                .header("Idempotency-Key", "c-1")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "nice"))
                .post("/api/posts/" + postId + "/comments"));
        JsonPath commentAgain = accepted(fan.as()
                .header("Idempotency-Key", "c-1")
                .contentType(ContentType.JSON)
                .body(Map.of("text", "nice"))
                .post("/api/posts/" + postId + "/comments"));
        assertThat(commentAgain.getString("commentId")).isEqualTo(comment.getString("commentId"));
        assertThat(commentAgain.getString("eventId")).isEqualTo(comment.getString("eventId"));

        List<Events.Received> fanEvents = Events.ofUser(bootstrap, fan.id(), 4);
        assertThat(fanEvents)
                .extracting(e -> e.event().type())
                .containsExactlyInAnyOrder(
                        EventType.POST_LIKED, EventType.POST_LIKED, EventType.COMMENT_ADDED, EventType.COMMENT_ADDED);
        assertThat(fanEvents.stream().map(e -> e.event().eventId()).distinct()).hasSize(2);
        assertThat(new Rows(ds).count("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ?", fan.id()))
                .isEqualTo(2);
    }

    /**
     * The key's horizon is the contract's: within it a retry gets the first event; from the moment it is as old as
     * Limits.DEDUP_HORIZON it names nothing any more — the row is still there, but the request is a new one with a new
     * event, so edge-api never republishes an event id the Flink job may have forgotten.
     */
    @Test
    void aKeyIsKeptForExactlyTheDeduplicationHorizonThenNamesANewRequest() {
        assertThat(keys.retention()).isEqualTo(Limits.DEDUP_HORIZON);
        Api.Session s = Api.member("horizon", "skype");
        Rows rows = new Rows(ds);
        long horizon = Limits.DEDUP_HORIZON.toMillis();

        String young = "young-key";
        JsonPath first = accepted(post(s, young, "within the horizon"));
        age(s.id(), young, horizon - 60_000);
        JsonPath retry = accepted(post(s, young, "within the horizon"));
        assertThat(retry.getString("eventId")).isEqualTo(first.getString("eventId"));
        assertThat(retry.getString("postId")).isEqualTo(first.getString("postId"));

        String old = "old-key";
        JsonPath before = accepted(post(s, old, "past the horizon"));
        age(s.id(), old, horizon);
        assertThat(rows.count("SELECT COUNT(*) FROM idempotency_keys WHERE user_id = ? AND idem_key = ?", s.id(), old))
                .as("the expired row is not purged yet")
                .isEqualTo(1);
        JsonPath after = accepted(post(s, old, "past the horizon"));
        assertThat(after.getString("eventId")).isNotEqualTo(before.getString("eventId"));
        assertThat(after.getString("postId")).isNotEqualTo(before.getString("postId"));
        // the key now names the new request, for a whole horizon again
        assertThat(accepted(post(s, old, "past the horizon")).getString("eventId"))
                .isEqualTo(after.getString("eventId"));
        // an expired key may even carry another request: it is new
        age(s.id(), old, horizon + 1);
        assertThat(accepted(post(s, old, "something else entirely")).getString("eventId"))
                .isNotIn(before.getString("eventId"), after.getString("eventId"));
    }

    /** Moves the key's first use {@code ms} into the past. */
    private void age(String userId, String key, long ms) {
        try (var c = ds.getConnection();
                var ps = c.prepareStatement(
                        "UPDATE idempotency_keys SET created_at = created_at - ? WHERE user_id = ? AND idem_key = ?")) {
            ps.setLong(1, ms);
            ps.setString(2, userId);
            ps.setString(3, key);
            assertThat(ps.executeUpdate()).isEqualTo(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
