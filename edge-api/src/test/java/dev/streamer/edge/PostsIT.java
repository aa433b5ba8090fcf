package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.notNullValue;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class PostsIT {

    static final String INJECTION = "x'); DROP TABLE posts; -- \" OR 1=1; /* */ `users`";

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    private static io.restassured.response.Response post(Api.Session s, String community, Object body) {
        return s.as().contentType(ContentType.JSON).body(body).post("/api/communities/" + community + "/posts");
    }

    @Test
    void postIsAcceptedAfterKafkaAckAndTheEventCarriesItExactly() {
        Api.Session s = Api.member("poster", "facebook");
        long before = System.currentTimeMillis();
        var r = post(s, "facebook", Map.of("text", "hello, world"))
                .then()
                .statusCode(202)
                .body("postId", notNullValue())
                .body("eventId", notNullValue())
                .body("occurredAt", notNullValue())
                .extract()
                .jsonPath();
        List<Events.Received> events = Events.ofUser(bootstrap, s.id(), 1);
        assertThat(events).singleElement().satisfies(rec -> {
            ActivityEvent e = rec.event();
            assertThat(rec.key()).isEqualTo("facebook");
            assertThat(e.type()).isEqualTo(EventType.POST_CREATED);
            assertThat(e.eventId()).isEqualTo(r.getString("eventId"));
            assertThat(e.postId()).isEqualTo(r.getString("postId"));
            assertThat(e.occurredAt()).isEqualTo(r.getLong("occurredAt")).isBetween(before, System.currentTimeMillis());
            assertThat(e.communityId()).isEqualTo("facebook");
            assertThat(e.post().text()).isEqualTo("hello, world");
            assertThat(e.post().authorName()).isEqualTo(s.username());
            assertThat(e.post().mediaId()).isNull();
        });
    }

    @Test
    void postWithAnUploadedImageCarriesTheMediaId() throws Exception {
        Api.Session s = Api.member("imgposter", "instagram");
        String mediaId = s.as().multiPart("file", "a.png", MediaIT.image("png"), "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
        post(s, "instagram", Map.of("text", "look", "mediaId", mediaId)).then().statusCode(202);
        assertThat(Events.ofUser(bootstrap, s.id(), 1))
                .singleElement()
                .satisfies(rec -> assertThat(rec.event().post().mediaId()).isEqualTo(mediaId));
        assertProblem(
                post(s, "instagram", Map.of("text", "look", "mediaId", "00000000-0000-0000-0000-000000000000")), 400);
        assertProblem(post(s, "instagram", Map.of("text", "look", "mediaId", "../../etc/passwd")), 400);
    }

    @Test
    void sqlInjectionStringsAreCarriedAsText() {
        Api.Session s = Api.member("inject", "twitter");
        post(s, "twitter", Map.of("text", INJECTION)).then().statusCode(202);
        assertThat(Events.ofUser(bootstrap, s.id(), 1))
                .singleElement()
                .satisfies(rec -> assertThat(rec.event().post().text()).isEqualTo(INJECTION));
        assertThat(new Rows(ds).count("SELECT COUNT(*) FROM posts")).isGreaterThanOrEqualTo(0);
        assertThat(new Rows(ds).count("SELECT COUNT(*) FROM users WHERE id = ?", s.id()))
                .isEqualTo(1);
    }

    @Test
    void badPostsGetTheirErrorsAndEmitNothing() {
        Api.Session s = Api.member("badposter", "facebook");
        assertProblem(post(s, "facebook", Map.of("text", "x".repeat(100 * 1024))), 400);
        assertProblem(post(s, "facebook", Map.of("text", "   ")), 400);
        assertProblem(post(s, "facebook", Map.of("mediaId", "00000000-0000-0000-0000-000000000000")), 400);
        assertProblem(
                s.as().contentType(ContentType.JSON)
                        .body("{\"text\": \"unterminated")
                        .post("/api/communities/facebook/posts"),
                400);
        assertProblem(s.as().contentType(ContentType.JSON).body("[1,2]").post("/api/communities/facebook/posts"), 400);
        assertProblem(s.as().contentType(ContentType.TEXT).body("hi").post("/api/communities/facebook/posts"), 415);
        assertProblem(post(s, "skype", Map.of("text", "not a member")), 403);
        assertProblem(post(s, "myspace", Map.of("text", "no such community")), 404);
        assertProblem(
                RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "anon"))
                        .post("/api/communities/facebook/posts"),
                401);
        String expired = Jwt.issuer("streamer")
                .subject(s.id())
                .upn(s.username())
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer " + expired)
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "expired"))
                        .post("/api/communities/facebook/posts"),
                401);
        assertThat(Events.noneOfUser(bootstrap, s.id())).isEmpty();
    }

    @Test
    void likeUnlikeShareAndCommentAreAcceptedAfterKafkaAck() {
        Api.Session author = Api.member("author", "facebook");
        Api.Session s = Api.member("fan", "facebook");
        String postId = new Rows(ds)
                .post("facebook", author.id(), author.username(), "a stored post", System.currentTimeMillis());

        String like = s.as().post("/api/posts/" + postId + "/like")
                .then()
                .statusCode(202)
                .body("occurredAt", notNullValue())
                .extract()
                .path("eventId");
        String unlike = s.as().delete("/api/posts/" + postId + "/like")
                .then()
                .statusCode(202)
                .extract()
                .path("eventId");
        String share = s.as().post("/api/posts/" + postId + "/shares")
                .then()
                .statusCode(202)
                .extract()
                .path("eventId");
        var comment = s.as().contentType(ContentType.JSON)
                .body(Map.of("text", INJECTION))
                .post("/api/posts/" + postId + "/comments")
                .then()
                .statusCode(202)
                .body("commentId", notNullValue())
                .extract()
                .jsonPath();

        List<Events.Received> events = Events.ofUser(bootstrap, s.id(), 4);
        assertThat(events).hasSize(4).allSatisfy(rec -> {
            assertThat(rec.key()).isEqualTo("facebook");
            assertThat(rec.event().postId()).isEqualTo(postId);
        });
        assertThat(events.stream().filter(r -> r.event().eventId().equals(like)))
                .singleElement()
                .satisfies(r -> assertThat(r.event().type()).isEqualTo(EventType.POST_LIKED));
        assertThat(events.stream().filter(r -> r.event().eventId().equals(unlike)))
                .singleElement()
                .satisfies(r -> assertThat(r.event().type()).isEqualTo(EventType.POST_UNLIKED));
        assertThat(events.stream().filter(r -> r.event().eventId().equals(share)))
                .singleElement()
                .satisfies(r -> assertThat(r.event().type()).isEqualTo(EventType.POST_SHARED));
        assertThat(events.stream().filter(r -> r.event().eventId().equals(comment.getString("eventId"))))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.event().type()).isEqualTo(EventType.COMMENT_ADDED);
                    assertThat(r.event().comment().commentId()).isEqualTo(comment.getString("commentId"));
                    assertThat(r.event().comment().text()).isEqualTo(INJECTION);
                    assertThat(r.event().comment().authorName()).isEqualTo(s.username());
                });
    }

    @Test
    void interactionsWithUnknownOrForeignPostsAndBadCommentsAreRefused() {
        Api.Session author = Api.member("foreign", "skype");
        Api.Session s = Api.member("outsider", "facebook");
        String skypePost =
                new Rows(ds).post("skype", author.id(), author.username(), "members only", System.currentTimeMillis());
        String missing = "00000000-0000-0000-0000-000000000001";

        assertProblem(s.as().post("/api/posts/" + missing + "/like"), 404);
        assertProblem(s.as().delete("/api/posts/" + missing + "/like"), 404);
        assertProblem(s.as().post("/api/posts/" + missing + "/shares"), 404);
        assertProblem(s.as().post("/api/posts/not-a-uuid/shares"), 404);
        assertProblem(
                s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/posts/" + missing + "/comments"),
                404);
        assertProblem(s.as().post("/api/posts/" + skypePost + "/like"), 403);
        assertProblem(s.as().post("/api/posts/" + skypePost + "/shares"), 403);
        assertProblem(
                s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/posts/" + skypePost + "/comments"),
                403);
        assertProblem(RestAssured.given().post("/api/posts/" + skypePost + "/like"), 401);

        String own = new Rows(ds).post("facebook", s.id(), s.username(), "mine", System.currentTimeMillis());
        assertProblem(
                s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "c".repeat(2001)))
                        .post("/api/posts/" + own + "/comments"),
                400);
        assertProblem(
                s.as().contentType(ContentType.JSON).body(Map.of("text", "")).post("/api/posts/" + own + "/comments"),
                400);
        assertProblem(
                s.as().contentType(ContentType.JSON).body("{\"text\":").post("/api/posts/" + own + "/comments"), 400);
        assertThat(Events.noneOfUser(bootstrap, s.id())).isEmpty();
    }
}
