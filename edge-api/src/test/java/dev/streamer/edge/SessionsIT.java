package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EventType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

/** Issue 14 and 13: logout revokes the token everywhere; login and logout are idempotent with an Idempotency-Key. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class SessionsIT {

    @Inject
    AgroalDataSource ds;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    static String claim(String token, String name) {
        String json = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        return io.restassured.path.json.JsonPath.from(json).getString(name);
    }

    @Test
    void logoutRevokesTheTokenOnEveryRoute() {
        Api.Session s = Api.member("bye", "facebook");
        s.as().get("/api/me").then().statusCode(200);
        s.as().post("/api/auth/logout").then().statusCode(200);
        assertProblem(s.as().get("/api/me"), 401);
        assertProblem(s.as().get("/api/communities"), 401);
        assertProblem(
                s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "still here?"))
                        .post("/api/communities/facebook/posts"),
                401);
        assertProblem(s.as().post("/api/auth/logout"), 401);
        assertThat(new Rows(ds)
                        .count(
                                "SELECT COUNT(*) FROM revoked_tokens WHERE jti = ? AND user_id = ?",
                                claim(s.token(), "jti"),
                                s.id()))
                .isEqualTo(1);
        // a new sign-in is a new token
        String fresh = Api.login(s.username(), "correct horse")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        RestAssured.given()
                .header("Authorization", "Bearer " + fresh)
                .get("/api/me")
                .then()
                .statusCode(200);
    }

    @Test
    void aTokenRevokedByAnotherInstanceIsRefusedWithinSeconds() throws Exception {
        Api.Session s = Api.newUser("replica");
        s.as().get("/api/me").then().statusCode(200); // verified and remembered by this instance
        long now = System.currentTimeMillis();
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO revoked_tokens (jti, user_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, claim(s.token(), "jti"));
            ps.setString(2, s.id());
            ps.setLong(3, now + 3_600_000);
            ps.setLong(4, now);
            ps.executeUpdate();
        }
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> s.as().get("/api/me").statusCode() == 401);
    }

    @Test
    void aRetriedLoginWithTheSameKeyRepeatsItsEventsAndAnswersATokenOfTheSameSession() {
        Api.Session s = Api.member("relogin", "facebook", "twitter");
        String key = UUID.randomUUID().toString();
        JsonPath first = loginWithKey(s, key);
        JsonPath retry = loginWithKey(s, key);
        assertThat(retry.getLong("occurredAt")).isEqualTo(first.getLong("occurredAt"));
        // its events name the first answer's session (the signed-in gauge counts sessions), so the token is of it too:
        // a sign-out with it ends the session those events opened
        assertThat(claim(retry.getString("token"), "jti")).isEqualTo(claim(first.getString("token"), "jti"));

        List<Events.Received> events = Events.read(
                bootstrap,
                e -> s.id().equals(e.userId()) && e.type() == EventType.USER_SIGNED_IN,
                4,
                Duration.ofSeconds(20));
        assertThat(events).hasSize(4);
        assertThat(events.stream().map(e -> e.event().eventId()).distinct()).hasSize(2);
        assertThat(events).allSatisfy(e -> assertThat(e.event().occurredAt()).isEqualTo(first.getLong("occurredAt")));
        // another key is another sign-in
        assertThat(loginWithKey(s, UUID.randomUUID().toString()).getLong("occurredAt"))
                .isGreaterThanOrEqualTo(first.getLong("occurredAt"));
    }

    @Test
    void aRetriedLogoutAfterTheTokenWasRevokedGetsTheFirstAnswerNot401() {
        Api.Session s = Api.member("relogout", "instagram");
        String key = UUID.randomUUID().toString();
        long first = s.as().header("Idempotency-Key", key)
                .post("/api/auth/logout")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("occurredAt");
        assertProblem(s.as().get("/api/me"), 401);
        long retry = s.as().header("Idempotency-Key", key)
                .post("/api/auth/logout")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("occurredAt");
        assertThat(retry).isEqualTo(first);
        List<Events.Received> events = Events.read(
                bootstrap,
                e -> s.id().equals(e.userId()) && e.type() == EventType.USER_SIGNED_OUT,
                2,
                Duration.ofSeconds(20));
        assertThat(events).hasSize(2);
        assertThat(events.get(0).event()).isEqualTo(events.get(1).event());
        assertThat(events.get(0).event().occurredAt()).isEqualTo(first);

        // the revoked token cannot start anything new: no key, or a key it has not used
        assertProblem(s.as().post("/api/auth/logout"), 401);
        assertProblem(
                s.as().header("Idempotency-Key", UUID.randomUUID().toString()).post("/api/auth/logout"), 401);
        // the same key with another token of the user is another request
        String other = Api.login(s.username(), "correct horse")
                .then()
                .statusCode(200)
                .extract()
                .path("token");
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer " + other)
                        .header("Idempotency-Key", key)
                        .post("/api/auth/logout"),
                422);
    }

    private static JsonPath loginWithKey(Api.Session s, String key) {
        return RestAssured.given()
                .header("Idempotency-Key", key)
                .contentType(ContentType.JSON)
                .body(Map.of("username", s.username(), "password", "correct horse"))
                .post("/api/auth/login")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
    }
}
