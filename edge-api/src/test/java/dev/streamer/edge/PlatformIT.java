package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import org.junit.jupiter.api.Test;

/** Health, metrics, OpenAPI, Swagger UI (management port) and the UI's SPA fallback (a test index.html stands in for the UI jar). */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class PlatformIT {

    @io.quarkus.test.common.http.TestHTTPResource(value = "/", management = true)
    java.net.URL management;

    private io.restassured.specification.RequestSpecification managementPort() {
        return RestAssured.given().port(management.getPort());
    }

    /** Readiness is the process only (an outage answers 503 + Retry-After); Kafka and the database are dependencies. */
    @Test
    void readinessIsTheProcessAndTheDependencyGroupChecksKafkaAndTheDatabase() {
        managementPort()
                .get("/q/health/ready")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("kafka")))
                .body("checks.name", org.hamcrest.Matchers.not(hasItems("database")));
        managementPort()
                .get("/q/health/group/dependencies")
                .then()
                .statusCode(200)
                .body("status", org.hamcrest.Matchers.equalTo("UP"))
                .body("checks.name", hasItems("kafka", "database"));
    }

    @Test
    void metricsOpenApiAndSwaggerUiAreServed() {
        Api.newUser("metrics");
        managementPort()
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .body(containsString("http_server_requests_seconds_count"))
                .body(containsString("streamer_events_acknowledged"));
        managementPort()
                .get("/q/openapi")
                .then()
                .statusCode(200)
                .body(containsString("/api/communities/{id}/posts"))
                .body(containsString("/api/auth/login"));
        managementPort().get("/q/swagger-ui/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void uiIsServedAtRootWithAnSpaFallbackOutsideApiAndQ() {
        RestAssured.given().accept("text/html").get("/").then().statusCode(200).body(containsString("test index"));
        RestAssured.given()
                .accept("text/html,application/xhtml+xml")
                .get("/communities/facebook/feed")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .body(containsString("test index"));
        RestAssured.given()
                .accept("text/html,*/*")
                .get("/assets/app.js")
                .then()
                .statusCode(200)
                .body(containsString("test asset"));
        assertProblem(RestAssured.given().accept("application/json").get("/communities/facebook"), 404);
        assertProblem(RestAssured.given().accept("text/html").get("/api/nothing-here"), 404);
        RestAssured.given().accept("text/html").get("/q/nothing-here").then().statusCode(404);
    }

    @Test
    void benchmarkRouteIsOffByDefault() {
        Api.Session s = Api.newUser("bench");
        assertProblem(
                s.as().contentType("application/json").body("{\"text\":\"x\"}").post("/api/bench/noop"), 404);
    }
}
