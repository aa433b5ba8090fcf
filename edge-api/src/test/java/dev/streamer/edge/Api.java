package dev.streamer.edge;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** Small REST helpers shared by the tests: real HTTP calls against the running service. */
public final class Api {

    public record Session(String id, String username, String token) {
        public RequestSpecification as() {
            return RestAssured.given().header("Authorization", "Bearer " + token);
        }
    }

    private Api() {}

    public static String uniqueName(String prefix) {
        return prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    }

    public static Response register(String username, String password) {
        return RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/register");
    }

    public static Response login(String username, String password) {
        return RestAssured.given()
                .contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/login");
    }

    /** A new user, signed in. */
    public static Session newUser(String prefix) {
        String name = uniqueName(prefix);
        String id =
                register(name, "correct horse").then().statusCode(201).extract().path("id");
        String token =
                login(name, "correct horse").then().statusCode(200).extract().path("token");
        return new Session(id, name, token);
    }

    /** A new user who joined the given communities (signed in before joining, so login emitted nothing). */
    public static Session member(String prefix, String... communities) {
        Session s = newUser(prefix);
        for (String c : communities) {
            s.as().post("/api/communities/" + c + "/join").then().statusCode(204);
        }
        return s;
    }

    public static void assertProblem(Response r, int status) {
        r.then()
                .statusCode(status)
                .contentType("application/problem+json")
                .body("status", org.hamcrest.Matchers.equalTo(status))
                .body("title", org.hamcrest.Matchers.notNullValue())
                .body("detail", org.hamcrest.Matchers.notNullValue());
    }
}
