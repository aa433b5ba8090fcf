package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.smallrye.jwt.build.Jwt;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** Issue 14: the login limiter cannot be side-stepped, passwords at bcrypt's edge are 400s, tokens carry an audience. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class LoginSecurityIT {

    /** A client address of its own (X-Forwarded-For from the trusted 127.0.0.1), so tests do not share one. */
    static String address() {
        ThreadLocalRandom r = ThreadLocalRandom.current();
        return "198.18." + r.nextInt(256) + "." + r.nextInt(1, 255);
    }

    static Response login(String from, String username, String password) {
        return RestAssured.given()
                .header("X-Forwarded-For", from)
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    @Test
    void namesTheDatabaseWouldMatchAnywayAreRefusedAndGetNoFreshAttempts() {
        String name = Api.uniqueName("alice");
        Api.register(name, "correct horse").then().statusCode(201);
        String from = address();
        // trailing spaces, accents, other spaces: the collation would find the account; they are not usernames
        for (String variant : List.of(
                name + " ",
                name + "  ",
                "á" + name.substring(1),
                name + "\u00A0",
                " " + name,
                name.replace('a', 'à'))) {
            assertProblem(login(from, variant, "guess"), 400);
        }
        for (int i = 0; i < 5; i++) {
            assertProblem(login(from, name, "guess-" + i), 401);
        }
        // the limiter keys on the canonical (lower-case) name, the way the database compares it
        Response locked = login(address(), name.toUpperCase(), "correct horse");
        assertProblem(locked, 429);
        assertThat(locked.header("Retry-After")).isNotNull();
        assertProblem(login(address(), name, "correct horse"), 429);
        assertProblem(Api.register(name + " ", "correct horse"), 400);
    }

    @Test
    void concurrentBadLoginsCannotAllPassTheLimit() throws Exception {
        String name = Api.uniqueName("race");
        Api.register(name, "correct horse").then().statusCode(201);
        ExecutorService pool = Executors.newFixedThreadPool(24);
        try {
            List<Callable<Integer>> attempts = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String from = address();
                int n = i;
                attempts.add(() -> login(from, name, "guess-" + n).statusCode());
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(attempts)) {
                statuses.add(f.get());
            }
            assertThat(statuses).containsOnly(401, 429);
            assertThat(statuses.stream().filter(s -> s == 401).count())
                    .as("attempts that reached bcrypt: %s", statuses)
                    .isEqualTo(5);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void oneAddressGetsFiftyFreeFailuresAcrossUsernames() {
        String from = address();
        for (int i = 0; i < 50; i++) {
            assertProblem(login(from, Api.uniqueName("nobody"), "whatever-password"), 401);
        }
        Response r = login(from, Api.uniqueName("nobody"), "whatever-password");
        assertProblem(r, 429);
        assertThat(Integer.parseInt(r.header("Retry-After"))).isPositive();
        // another address is not affected
        Api.Session s = Api.newUser("other");
        login(address(), s.username(), "correct horse").then().statusCode(200);
    }

    @Test
    void passwordsArePinnedAtBcryptsSeventyTwoBytes() {
        String from = address();
        for (String password : List.of(
                "p".repeat(70),
                "p".repeat(71),
                "p".repeat(72),
                "é".repeat(36),
                "x" + "é".repeat(35) + "y",
                "😀".repeat(18),
                "€".repeat(24))) {
            String name = Api.uniqueName("edge");
            Api.register(name, password).then().statusCode(201);
            login(from, name, password).then().statusCode(200);
            assertProblem(login(from, name, "not the password"), 401);
        }
        for (String password : List.of("p".repeat(73), "x" + "é".repeat(36), "😀".repeat(18) + "!", "€".repeat(25))) {
            assertProblem(Api.register(Api.uniqueName("edge"), password), 400);
        }
        Api.Session s = Api.newUser("longlogin");
        assertProblem(login(from, s.username(), "p".repeat(73)), 400);
        assertProblem(login(from, s.username(), "é".repeat(37)), 400);
        assertProblem(login(from, s.username(), "p".repeat(10 * 1024)), 400);
        assertProblem(Api.register(Api.uniqueName("edge"), "p".repeat(10 * 1024)), 400);
        // a lone surrogate would be hashed as '?': refused, never stored
        assertProblem(
                RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{\"username\":\"" + Api.uniqueName("sur") + "\",\"password\":\"abcdefgh\\ud800\"}")
                        .post("/api/auth/register"),
                400);
        // none of these long passwords was counted as a guess
        login(from, s.username(), "correct horse").then().statusCode(200);
    }

    @Test
    void tokensMustNameThisAudience() {
        Api.Session s = Api.newUser("aud");
        Instant exp = Instant.now().plusSeconds(600);
        String noAudience = Jwt.issuer("streamer")
                .subject(s.id())
                .upn(s.username())
                .claim("jti", UUID.randomUUID().toString())
                .expiresAt(exp)
                .sign();
        String otherAudience = Jwt.issuer("streamer")
                .audience("another-service")
                .subject(s.id())
                .upn(s.username())
                .claim("jti", UUID.randomUUID().toString())
                .expiresAt(exp)
                .sign();
        Map<String, String> refused = Map.of("no audience", noAudience, "another audience", otherAudience);
        refused.forEach((what, token) -> assertThat(RestAssured.given()
                        .header("Authorization", "Bearer " + token)
                        .get("/api/me")
                        .statusCode())
                .as(what)
                .isEqualTo(401));
        String good = Jwt.issuer("streamer")
                .audience("streamer")
                .subject(s.id())
                .upn(s.username())
                .claim("jti", UUID.randomUUID().toString())
                .expiresAt(exp)
                .sign();
        RestAssured.given()
                .header("Authorization", "Bearer " + good)
                .get("/api/me")
                .then()
                .statusCode(200);
        String claims = new String(
                java.util.Base64.getUrlDecoder().decode(s.token().split("\\.")[1]),
                java.nio.charset.StandardCharsets.UTF_8);
        assertThat(claims).contains("\"aud\":\"streamer\"", "\"jti\":\"");
    }
}
