package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.net.URL;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Issue 14: security headers on every public response, management endpoints off the public port, hostile texts. */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class SurfaceIT {

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @Test
    void everyPublicResponseCarriesTheSecurityHeaders() {
        Api.Session s = Api.newUser("headers");
        List<Response> responses = List.of(
                RestAssured.given().accept("text/html").get("/"),
                RestAssured.given().get("/assets/app.js"),
                RestAssured.given().get("/api/config"),
                s.as().get("/api/me"),
                RestAssured.given().get("/api/me"),
                RestAssured.given().get("/api/nothing-here"),
                RestAssured.given().contentType(ContentType.JSON).body("{").post("/api/auth/login"));
        for (Response r : responses) {
            String csp = r.header("Content-Security-Policy");
            assertThat(csp)
                    .as("CSP of a %d", r.statusCode())
                    .isNotNull()
                    .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'")
                    .doesNotContain("unsafe-inline", "unsafe-eval");
            assertThat(csp).contains("connect-src 'self' ws://localhost:8090;");
            assertThat(r.header("X-Frame-Options")).isEqualTo("DENY");
            assertThat(r.header("Referrer-Policy")).isEqualTo("no-referrer");
            assertThat(r.header("X-Content-Type-Options")).isEqualTo("nosniff");
            assertThat(r.header("Strict-Transport-Security"))
                    .as("no HSTS over plain http")
                    .isNull();
        }
        // over TLS (here: as a trusted proxy reports it), HSTS too
        RestAssured.given()
                .header("X-Forwarded-Proto", "https")
                .get("/api/config")
                .then()
                .statusCode(200)
                .header("Strict-Transport-Security", containsString("max-age="))
                .body("livePushUrl", equalTo("wss://localhost:8090"));
    }

    @Test
    void theUiLearnsWhereLivePushIsAtRunTime() {
        RestAssured.given()
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("livePushUrl", equalTo("ws://localhost:8090"));
        RestAssured.given()
                .header("Host", "streamer.example.com")
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("livePushUrl", equalTo("ws://streamer.example.com:8090"));
    }

    @Test
    void managementEndpointsAreOnTheManagementPortOnly() {
        for (String path : List.of("/q/health/ready", "/q/metrics", "/q/openapi", "/q/swagger-ui/")) {
            assertThat(RestAssured.given().get(path).statusCode())
                    .as("public " + path)
                    .isEqualTo(404);
            assertThat(RestAssured.given().port(management.getPort()).get(path).statusCode())
                    .as("management " + path)
                    .isEqualTo(200);
        }
        assertThat(management.getPort()).isNotEqualTo(RestAssured.port);
    }

    @Test
    void textsOfInvisibleCharactersOrLoneSurrogatesAre400() {
        Api.Session s = Api.member("texts", "instagram");
        for (String text : List.of("\u200B\u200B", "\u00A0 \u00A0", "\u200D\uFEFF\u2060", "\u3164", "\u202F\u2007")) {
            assertProblem(
                    s.as().contentType(ContentType.JSON)
                            .body(Map.of("text", text))
                            .post("/api/communities/instagram/posts"),
                    400);
        }
        for (String json : List.of("{\"text\":\"abc\\ud800\"}", "{\"text\":\"\\udc00abc\"}")) {
            assertProblem(
                    s.as().contentType(ContentType.JSON).body(json).post("/api/communities/instagram/posts"), 400);
        }
        s.as().contentType(ContentType.JSON)
                .body(Map.of("text", "\u200Bvisible\u00A0"))
                .post("/api/communities/instagram/posts")
                .then()
                .statusCode(202);
    }
}
