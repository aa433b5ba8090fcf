package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 14 with small limits, so the tests reach them: per-user token buckets on writes and uploads, the per-user
 * upload quota, and a configured public live-push URL (UI config and CSP).
 */
@QuarkusTest
@TestProfile(LimitsIT.SmallLimits.class)
@WithTestResource(EdgeTestResources.class)
class LimitsIT {

    public static class SmallLimits implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of(
                    "streamer.rate-limit.events.per-second", "0.5",
                    "streamer.rate-limit.events.burst", "6",
                    "streamer.rate-limit.uploads.per-minute", "1",
                    "streamer.rate-limit.uploads.burst", "3",
                    "streamer.media.quota-bytes", "2000",
                    "streamer.public.live-push-url", "wss://push.example.com/live/");
        }
    }

    @Test
    void eventCarryingRequestsOfOneUserAreLimitedWith429AndRetryAfter() {
        Api.Session s = Api.member("writer", "facebook");
        Api.Session other = Api.member("other", "facebook");
        int accepted = 0;
        Response refused = null;
        for (int i = 0; i < 10 && refused == null; i++) {
            Response r = s.as().contentType(ContentType.JSON)
                    .body(Map.of("text", "post " + i))
                    .post("/api/communities/facebook/posts");
            if (r.statusCode() == 202) {
                accepted++;
            } else {
                refused = r;
            }
        }
        // the login took one token of the bucket of 6
        assertThat(accepted).isBetween(5, 6);
        assertThat(refused).isNotNull();
        assertProblem(refused, 429);
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 2);
        // likes, logout: the same bucket; another user has their own
        assertProblem(s.as().post("/api/auth/logout"), 429);
        other.as()
                .contentType(ContentType.JSON)
                .body(Map.of("text", "mine"))
                .post("/api/communities/facebook/posts")
                .then()
                .statusCode(202);
        // reads are not limited
        s.as().get("/api/communities/facebook/feed").then().statusCode(200);
    }

    @Test
    void uploadsHaveTheirOwnBucketAndAPerUserQuota() throws Exception {
        Api.Session s = Api.newUser("uploader");
        byte[] png = MediaIT.image("png");
        assertThat(png.length).isLessThan(1000);
        s.as().multiPart("file", "a.png", png, "image/png")
                .post("/api/media")
                .then()
                .statusCode(201);
        s.as().multiPart("file", "a.png", png, "image/png")
                .post("/api/media")
                .then()
                .statusCode(201);
        // a third would pass the 2000-byte quota
        Response over = s.as().multiPart("file", "a.png", java.util.Arrays.copyOf(png, 1900), "image/png")
                .post("/api/media");
        assertProblem(over, 413);
        assertThat(over.jsonPath().getString("detail")).contains("quota");
        Response limited = s.as().multiPart("file", "a.png", png, "image/png").post("/api/media");
        assertProblem(limited, 429);
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void aConfiguredLivePushUrlIsWhatTheUiGetsAndWhatTheCspAllows() {
        RestAssured.given()
                .get("/api/config")
                .then()
                .statusCode(200)
                .body("livePushUrl", equalTo("wss://push.example.com/live"))
                .header("Content-Security-Policy", containsString("connect-src 'self' wss://push.example.com;"));
    }
}
