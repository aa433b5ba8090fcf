package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.streamer.contract.EventType;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class AccountsIT {

    @Inject
    AgroalDataSource ds;

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @Test
    void registerStoresASaltedBcryptHashAndAnswers201() {
        String name = Api.uniqueName("reg");
        Api.register(name, "s3cret-password")
                .then()
                .statusCode(201)
                .body("id", notNullValue())
                .body("username", equalTo(name));
        Rows rows = new Rows(ds);
        String hash = rows.string("SELECT password_hash FROM users WHERE username = ?", name);
        assertThat(hash).startsWith("$2a$").doesNotContain("s3cret-password");
        String other = Api.uniqueName("reg");
        Api.register(other, "s3cret-password").then().statusCode(201);
        assertThat(rows.string("SELECT password_hash FROM users WHERE username = ?", other))
                .isNotEqualTo(hash);
    }

    @Test
    void sqlInjectionInThePasswordIsJustAPassword() {
        String name = Api.uniqueName("inj");
        String password = "x'); DROP TABLE users; --";
        Api.register(name, password).then().statusCode(201);
        Api.login(name, password).then().statusCode(200).body("user.username", equalTo(name));
        // not even a username: refused before any query
        assertProblem(Api.login(name + "' OR '1'='1", password), 400);
        assertThat(new Rows(ds).count("SELECT COUNT(*) FROM users WHERE username = ?", name))
                .isEqualTo(1);
    }

    @Test
    void takenUsernameIs409EvenInAnotherCase() {
        String name = Api.uniqueName("dup");
        Api.register(name, "password-1").then().statusCode(201);
        assertProblem(Api.register(name, "password-2"), 409);
        assertProblem(Api.register(name.toUpperCase(), "password-2"), 409);
    }

    @Test
    void invalidRegistrationsAre400AndStoreNothing() {
        Rows rows = new Rows(ds);
        long before = rows.count("SELECT COUNT(*) FROM users");
        assertProblem(Api.register("ab", "password-1"), 400);
        assertProblem(Api.register("x'; DROP TABLE users; --", "password-1"), 400);
        assertProblem(Api.register(Api.uniqueName("short"), "1234567"), 400);
        assertProblem(Api.register(Api.uniqueName("long"), "p".repeat(73)), 400);
        assertProblem(
                RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{\"username\": \"abc\", ")
                        .post("/api/auth/register"),
                400);
        assertProblem(RestAssured.given().contentType(ContentType.JSON).post("/api/auth/register"), 400);
        assertProblem(
                RestAssured.given()
                        .contentType(ContentType.TEXT)
                        .body("username=abc")
                        .post("/api/auth/register"),
                415);
        assertThat(rows.count("SELECT COUNT(*) FROM users")).isEqualTo(before);
    }

    @Test
    void loginReturnsASignedTokenAndEmitsSignedInPerMembership() {
        Api.Session s = Api.member("login", "facebook", "skype");
        var body = Api.login(s.username(), "correct horse")
                .then()
                .statusCode(200)
                .body("user.id", equalTo(s.id()))
                .body("user.username", equalTo(s.username()))
                .extract()
                .body()
                .jsonPath();
        String token = body.getString("token");
        long expiresAt = body.getLong("expiresAt");
        assertThat(expiresAt)
                .isBetween(System.currentTimeMillis() + 11 * 3600_000L, System.currentTimeMillis() + 13 * 3600_000L);
        String claims = new String(Base64.getUrlDecoder().decode(token.split("\\.")[1]), StandardCharsets.UTF_8);
        assertThat(claims)
                .contains("\"iss\":\"streamer\"", "\"sub\":\"" + s.id() + "\"", "\"upn\":\"" + s.username() + "\"");
        assertThat(new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]), StandardCharsets.UTF_8))
                .contains("RS256");

        List<Events.Received> events = Events.ofUser(bootstrap, s.id(), 2);
        assertThat(events).hasSize(2);
        assertThat(events).allSatisfy(r -> {
            assertThat(r.event().type()).isEqualTo(EventType.USER_SIGNED_IN);
            assertThat(r.key()).isEqualTo(r.event().communityId());
        });
        assertThat(events.stream().map(r -> r.event().communityId())).containsExactlyInAnyOrder("facebook", "skype");
        assertThat(events).allSatisfy(r -> assertThat(r.event().occurredAt()).isEqualTo(body.getLong("occurredAt")));
        // each names the session the token is: its jti and expiry (the signed-in gauge's sessions)
        assertThat(events)
                .allSatisfy(r -> assertThat(r.event().session())
                        .isEqualTo(new dev.streamer.contract.SessionPayload(jti(token), expiresAt)));
    }

    private static String jti(String token) {
        try {
            return dev.streamer.contract.Json.mapper()
                    .readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1]))
                    .path("jti")
                    .asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void wrongPasswordOrUnknownUserIs401() {
        Api.Session s = Api.newUser("wrong");
        assertProblem(Api.login(s.username(), "not the password"), 401);
        assertProblem(Api.login(Api.uniqueName("nobody"), "whatever-password"), 401);
        assertProblem(
                RestAssured.given().contentType(ContentType.JSON).body("{").post("/api/auth/login"), 400);
    }

    @Test
    void repeatedFailedLoginsAreLimitedWith429() {
        Api.Session s = Api.newUser("brute");
        for (int i = 0; i < 5; i++) {
            assertProblem(Api.login(s.username(), "guess-" + i), 401);
        }
        var r = Api.login(s.username(), "correct horse");
        assertProblem(r, 429);
        assertThat(r.header("Retry-After")).isNotNull();
    }

    @Test
    void logoutEmitsSignedOutPerMembershipAndTellsItsEventTime() {
        Api.Session s = Api.member("logout", "twitter");
        long occurredAt = s.as().post("/api/auth/logout")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath()
                .getLong("occurredAt");
        List<Events.Received> events = Events.ofUser(bootstrap, s.id(), 1);
        assertThat(events).singleElement().satisfies(r -> {
            assertThat(r.event().type()).isEqualTo(EventType.USER_SIGNED_OUT);
            assertThat(r.event().communityId()).isEqualTo("twitter");
            assertThat(r.event().occurredAt()).isEqualTo(occurredAt);
            assertThat(r.event().session().tokenId())
                    .as("the revoked token's session")
                    .isEqualTo(jti(s.token()));
        });
        assertProblem(RestAssured.given().post("/api/auth/logout"), 401);
    }

    @Test
    void meShowsTheUserAndTheirCommunities() {
        Api.Session s = Api.member("me", "instagram", "facebook");
        s.as().get("/api/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(s.id()))
                .body("username", equalTo(s.username()))
                .body("communities", equalTo(List.of("facebook", "instagram")));
    }

    @Test
    void missingTamperedExpiredForeignOrWrongIssuerTokensAre401() throws Exception {
        Api.Session s = Api.newUser("tok");
        assertProblem(RestAssured.given().get("/api/me"), 401);
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer not.a.token")
                        .get("/api/me"),
                401);

        String[] parts = s.token().split("\\.");
        String forged = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                        .replace(s.username(), "admin")
                        .getBytes(StandardCharsets.UTF_8));
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer " + parts[0] + "." + forged + "." + parts[2])
                        .get("/api/me"),
                401);

        String expired = Jwt.issuer("streamer")
                .subject(s.id())
                .upn(s.username())
                .issuedAt(Instant.now().minusSeconds(7200))
                .expiresAt(Instant.now().minusSeconds(3600))
                .sign();
        assertProblem(
                RestAssured.given().header("Authorization", "Bearer " + expired).get("/api/me"), 401);

        var otherKey = KeyPairGenerator.getInstance("RSA");
        otherKey.initialize(2048);
        String foreign = Jwt.issuer("streamer")
                .subject(s.id())
                .upn(s.username())
                .expiresAt(Instant.now().plusSeconds(3600))
                .sign(otherKey.generateKeyPair().getPrivate());
        assertProblem(
                RestAssured.given().header("Authorization", "Bearer " + foreign).get("/api/me"), 401);

        String wrongIssuer = Jwt.issuer("someone-else")
                .subject(s.id())
                .upn(s.username())
                .expiresAt(Instant.now().plusSeconds(3600))
                .sign();
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer " + wrongIssuer)
                        .get("/api/me"),
                401);

        s.as().get("/api/me").then().statusCode(200);
    }

    @Test
    void aTokenThatWorkedIsRefusedOnceItExpired() throws Exception {
        Api.Session s = Api.newUser("expiring");
        Instant expiry = Instant.now().plusSeconds(2);
        String shortLived = Jwt.issuer("streamer")
                .audience("streamer")
                .subject(s.id())
                .upn(s.username())
                .claim("jti", java.util.UUID.randomUUID().toString())
                .expiresAt(expiry)
                .sign();
        RestAssured.given()
                .header("Authorization", "Bearer " + shortLived)
                .get("/api/me")
                .then()
                .statusCode(200);
        RestAssured.given()
                .header("Authorization", "Bearer " + shortLived)
                .get("/api/me")
                .then()
                .statusCode(200);
        // refused once expired, allowing for the verifier's 5 s clock skew
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> RestAssured.given()
                                .header("Authorization", "Bearer " + shortLived)
                                .get("/api/me")
                                .statusCode()
                        == 401);
        assertThat(Instant.now()).as("not refused before it expired").isAfter(expiry);
        assertProblem(
                RestAssured.given()
                        .header("Authorization", "Bearer " + shortLived)
                        .get("/api/me"),
                401);
    }

    @Test
    void openRoutesNeedNoToken() {
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/live")
                .then()
                .statusCode(200);
        RestAssured.given().port(management.getPort()).get("/q/openapi").then().statusCode(200);
        RestAssured.given().get("/api/config").then().statusCode(200);
        assertProblem(RestAssured.given().get("/api/communities"), 401);
    }
}
