package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The database taken away for real (a TCP proxy between edge-api and MariaDB, cut and restored): every route that
 * needs it answers 503 + Retry-After as problem+json within a few seconds, never 500; the UI and health still answer;
 * when the database is back everything works again without a restart and without a failed request on a stale pooled
 * connection.
 */
@QuarkusTest
@WithTestResource(DatabaseProxyResource.class)
class DatabaseOutageIT {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    private static final long ANSWER_BOUND_MS = 6_000;
    private static final String PASSWORD = "correct horse";

    @Inject
    AgroalDataSource ds;

    /** Every request that needs the database, by name; each is a fresh request (new keys, new names). */
    private Map<String, Supplier<Response>> routes(Api.Session s, String postId, String mediaId) {
        Map<String, Supplier<Response>> r = new LinkedHashMap<>();
        r.put("register", () -> Api.register(Api.uniqueName("dbreg"), PASSWORD));
        r.put("login", () -> Api.login(s.username(), PASSWORD));
        r.put("me", () -> s.as().get("/api/me"));
        r.put("communities", () -> s.as().get("/api/communities"));
        r.put("join", () -> s.as().post("/api/communities/instagram/join"));
        r.put("leave", () -> s.as().post("/api/communities/twitter/leave"));
        r.put("feed", () -> s.as().get("/api/communities/facebook/feed"));
        r.put("comments", () -> s.as().get("/api/posts/" + postId + "/comments"));
        r.put("analytics", () -> s.as().get("/api/communities/facebook/analytics"));
        r.put("analytics all", () -> s.as().get("/api/communities/all/analytics"));
        r.put(
                "media upload",
                () -> s.as().multiPart("file", "a.png", png(), "image/png").post("/api/media"));
        r.put("media", () -> s.as().get("/api/media/" + mediaId));
        r.put(
                "post with key",
                () -> s.as().header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "hello"))
                        .post("/api/communities/facebook/posts"));
        r.put(
                "like with key",
                () -> s.as().header("Idempotency-Key", UUID.randomUUID().toString())
                        .post("/api/posts/" + postId + "/like"));
        r.put(
                "comment with key",
                () -> s.as().header("Idempotency-Key", UUID.randomUUID().toString())
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "nice"))
                        .post("/api/posts/" + postId + "/comments"));
        return r;
    }

    /** The routes of a member with a stored post and an uploaded image, each checked to work before the outage. */
    private Map<String, Supplier<Response>> workingRoutes(Api.Session s) {
        String postId = new Rows(ds).post("facebook", s.id(), s.username(), "a post", System.currentTimeMillis());
        String mediaId = s.as().multiPart("file", "a.png", png(), "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
        Map<String, Supplier<Response>> routes = routes(s, postId, mediaId);
        routes.forEach((name, call) -> assertThat(call.get().statusCode())
                .as(name + " before the outage")
                .isBetween(200, 299));
        return routes;
    }

    @Test
    void everyRouteThatNeedsTheDatabaseAnswers503WithRetryAfterWhileItIsDownAndAllRecoverWhenItIsBack() {
        Api.Session s = Api.member("dbout", "facebook", "twitter");
        Map<String, Supplier<Response>> routes = workingRoutes(s);

        DatabaseProxyResource.proxy().cut();
        long slowest = 0;
        for (Map.Entry<String, Supplier<Response>> route : routes.entrySet()) {
            long start = System.nanoTime();
            Response r = route.getValue().get();
            long ms = Duration.ofNanos(System.nanoTime() - start).toMillis();
            slowest = Math.max(slowest, ms);
            assertThat(r.statusCode())
                    .as(route.getKey() + " with the database down: " + r.body().asString())
                    .isEqualTo(503);
            Api.assertProblem(r, 503);
            assertThat(r.header("Retry-After"))
                    .as(route.getKey() + " Retry-After")
                    .matches("[1-9][0-9]*");
            assertThat(ms)
                    .as(route.getKey() + " answer time with the database down")
                    .isLessThan(ANSWER_BOUND_MS);
        }
        System.out.printf(
                "DatabaseOutageIT: %d routes answered 503 + Retry-After, slowest after %d ms%n",
                routes.size(), slowest);
        // what does not need the database still answers
        RestAssured.given().accept("text/html").get("/").then().statusCode(200);
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/ready")
                .then()
                .statusCode(200);
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/group/dependencies")
                .then()
                .statusCode(503);

        DatabaseProxyResource.proxy().restore();
        long back = System.nanoTime();
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> s.as().get("/api/me").statusCode() == 200);
        System.out.printf(
                "DatabaseOutageIT: answering again %d ms after the database came back%n",
                Duration.ofNanos(System.nanoTime() - back).toMillis());
        routes.forEach((name, call) -> assertThat(call.get().statusCode())
                .as(name + " after the outage")
                .isBetween(200, 299));
        RestAssured.given()
                .port(management.getPort())
                .get("/q/health/group/dependencies")
                .then()
                .statusCode(200);
    }

    @Test
    void pooledConnectionsLeftStaleByAnOutageAreReplacedBeforeAnyRequestUsesThem() {
        Map<String, Supplier<Response>> routes = workingRoutes(Api.member("dbstale", "facebook", "twitter"));

        // a short outage nobody notices: no request while the database is away, so the pool keeps its broken
        // connections
        DatabaseProxyResource.proxy().cut();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5)).until(DatabaseOutageIT::databaseRefused);
        DatabaseProxyResource.proxy().restore();

        routes.forEach((name, call) -> {
            Response r = call.get();
            assertThat(r.statusCode())
                    .as(name + " on the first try after the outage: " + r.body().asString())
                    .isBetween(200, 299);
        });
    }

    @Test
    void signInsRetriedThroughAnOutageDoNotLockTheAccount() {
        Api.Session s = Api.newUser("dbretry");
        DatabaseProxyResource.proxy().cut();
        try {
            // more retries than the username's free attempts: none of them could check the password
            for (int retry = 1; retry <= 7; retry++) {
                Response r = Api.login(s.username(), PASSWORD);
                assertThat(r.statusCode())
                        .as(
                                "sign-in retry %d with the database down: %s",
                                retry, r.body().asString())
                        .isEqualTo(503);
            }
        } finally {
            DatabaseProxyResource.proxy().restore();
        }
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> Api.login(s.username(), PASSWORD).statusCode(), code -> code != 503);
        Api.login(s.username(), PASSWORD).then().statusCode(200);
    }

    private static boolean databaseRefused() {
        try (Socket ignored = new Socket(
                InetAddress.getLoopbackAddress(), DatabaseProxyResource.proxy().port())) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }

    private static byte[] png() {
        try {
            return MediaIT.image("png");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
