package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class CommunitiesIT {

    @Test
    void listShowsSeededCommunitiesWithMembershipAndCounts() {
        Api.Session s = Api.newUser("list");
        s.as().get("/api/communities")
                .then()
                .statusCode(200)
                .body("id", hasItems("facebook", "instagram", "skype", "twitter"))
                .body("find { it.id == 'skype' }.name", equalTo("Skype"))
                .body("find { it.id == 'skype' }.member", equalTo(false));
        int before = s.as().get("/api/communities").then().extract().path("find { it.id == 'skype' }.members");

        s.as().post("/api/communities/skype/join").then().statusCode(204);
        s.as().post("/api/communities/skype/join").then().statusCode(204);
        s.as().get("/api/communities")
                .then()
                .statusCode(200)
                .body("find { it.id == 'skype' }.member", equalTo(true))
                .body("find { it.id == 'skype' }.members", equalTo(before + 1));
        s.as().get("/api/me").then().body("communities", equalTo(List.of("skype")));

        s.as().post("/api/communities/skype/leave").then().statusCode(204);
        s.as().get("/api/communities")
                .then()
                .statusCode(200)
                .body("find { it.id == 'skype' }.member", equalTo(false))
                .body("find { it.id == 'skype' }.members", equalTo(before));
    }

    @Test
    void unknownCommunitiesAre404() {
        Api.Session s = Api.newUser("unknown");
        assertProblem(s.as().post("/api/communities/myspace/join"), 404);
        assertProblem(s.as().post("/api/communities/all/join"), 404);
        assertProblem(s.as().post("/api/communities/x'%20OR%20'1'='1/join"), 404);
        assertProblem(s.as().post("/api/communities/myspace/leave"), 404);
    }

    @Test
    void communityRoutesNeedAToken() {
        assertProblem(RestAssured.given().get("/api/communities"), 401);
        assertProblem(RestAssured.given().post("/api/communities/facebook/join"), 401);
        assertProblem(RestAssured.given().post("/api/communities/facebook/leave"), 401);
    }
}
