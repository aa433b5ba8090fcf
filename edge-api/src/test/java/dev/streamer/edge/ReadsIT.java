package dev.streamer.edge;

import static dev.streamer.edge.Api.assertProblem;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reads of rows the Flink job writes (inserted here with plain JDBC, matching the schema). */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class ReadsIT {

    @Inject
    AgroalDataSource ds;

    @Test
    void feedIsNewestFirstKeysetPagedWithScoresCountsAndLikedByMe() throws Exception {
        Rows rows = new Rows(ds);
        Api.Session author = Api.member("feedauthor", "twitter");
        Api.Session reader = Api.member("feedreader", "twitter");
        String mediaId = author.as()
                .multiPart("file", "a.png", MediaIT.image("png"), "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
        long t = 1_700_000_000_000L + (long) (Math.random() * 1_000_000_000L);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            double[] scores = {0.01, 0.02, 0.03, 0.8, 0.04, 0.05, 0.05};
            ids.add(rows.post(
                    "twitter",
                    author.id(),
                    author.username(),
                    "post " + i + PostsIT.INJECTION,
                    i == 4 ? mediaId : null,
                    t + i * 1000,
                    "joy",
                    scores,
                    i,
                    i * 2,
                    i * 3));
        }
        // two posts at the same instant: the id breaks the tie, so no page skips or repeats one
        ids.add(rows.post("twitter", author.id(), author.username(), "same time", t + 4000));
        rows.like(ids.get(3), reader.id(), t + 5000);

        List<String> seen = new ArrayList<>();
        String before = null;
        int pages = 0;
        do {
            var req = reader.as().queryParam("limit", 2);
            if (before != null) {
                req = req.queryParam("before", before);
            }
            var page = req.get("/api/communities/twitter/feed")
                    .then()
                    .statusCode(200)
                    .extract()
                    .jsonPath();
            List<String> pageIds = page.getList("posts.postId");
            seen.addAll(pageIds);
            before = page.getString("nextBefore");
            pages++;
        } while (before != null && pages < 10);
        assertThat(seen).hasSize(6).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(ids);
        assertThat(seen.subList(2, 6)).containsExactly(ids.get(3), ids.get(2), ids.get(1), ids.get(0));
        assertThat(pages).isEqualTo(3);

        var first = reader.as()
                .get("/api/communities/twitter/feed")
                .then()
                .statusCode(200)
                .body("posts", hasSize(6))
                .body("nextBefore", nullValue())
                .extract()
                .jsonPath();
        String p4 = "posts.find { it.postId == '" + ids.get(4) + "' }";
        assertThat(first.getString(p4 + ".author.id")).isEqualTo(author.id());
        assertThat(first.getString(p4 + ".author.username")).isEqualTo(author.username());
        assertThat(first.getString(p4 + ".text")).isEqualTo("post 4" + PostsIT.INJECTION);
        assertThat(first.getString(p4 + ".mediaId")).isEqualTo(mediaId);
        assertThat(first.getString(p4 + ".mediaUrl")).isEqualTo("/api/media/" + mediaId);
        assertThat(first.getString(p4 + ".emotion")).isEqualTo("joy");
        assertThat(first.getDouble(p4 + ".emotionScores.joy")).isEqualTo(0.8);
        assertThat(first.getDouble(p4 + ".emotionScores.anger")).isEqualTo(0.01);
        assertThat(first.getLong(p4 + ".likes")).isEqualTo(4);
        assertThat(first.getLong(p4 + ".comments")).isEqualTo(8);
        assertThat(first.getLong(p4 + ".shares")).isEqualTo(12);
        assertThat(first.getLong(p4 + ".createdAt")).isEqualTo(t + 4000);
        assertThat(first.getBoolean(p4 + ".likedByMe")).isFalse();
        assertThat(first.getBoolean("posts.find { it.postId == '" + ids.get(3) + "' }.likedByMe"))
                .isTrue();
        String same = "posts.find { it.postId == '" + ids.get(5) + "' }";
        assertThat(first.getString(same + ".emotion")).isNull();
        assertThat(first.getString(same + ".mediaUrl")).isNull();
    }

    @Test
    void feedRefusesNonMembersBadLimitsAndBadCursors() {
        Api.Session s = Api.member("feedbad", "facebook");
        assertProblem(s.as().get("/api/communities/skype/feed"), 403);
        assertProblem(s.as().get("/api/communities/nowhere/feed"), 404);
        assertProblem(s.as().queryParam("limit", 0).get("/api/communities/facebook/feed"), 400);
        assertProblem(s.as().queryParam("limit", 51).get("/api/communities/facebook/feed"), 400);
        assertProblem(s.as().queryParam("limit", "many").get("/api/communities/facebook/feed"), 400);
        assertProblem(s.as().queryParam("limit", "4294967297").get("/api/communities/facebook/feed"), 400);
        assertProblem(s.as().queryParam("before", "' OR 1=1 --").get("/api/communities/facebook/feed"), 400);
        assertProblem(RestAssured.given().get("/api/communities/facebook/feed"), 401);
    }

    @Test
    void commentsAreOldestFirstAndMembersOnly() {
        Rows rows = new Rows(ds);
        Api.Session s = Api.member("commenter", "instagram");
        Api.Session outsider = Api.member("nocomment", "facebook");
        String post = rows.post("instagram", s.id(), s.username(), "with comments", 1000);
        String c2 = rows.comment(post, "instagram", s.id(), s.username(), "second", 3000);
        String c1 = rows.comment(post, "instagram", s.id(), s.username(), PostsIT.INJECTION, 2000);
        s.as().get("/api/posts/" + post + "/comments")
                .then()
                .statusCode(200)
                .body("commentId", equalTo(List.of(c1, c2)))
                .body("[0].text", equalTo(PostsIT.INJECTION))
                .body("[0].postId", equalTo(post))
                .body("[0].author.username", equalTo(s.username()))
                .body("[1].createdAt", equalTo(3000));
        assertProblem(outsider.as().get("/api/posts/" + post + "/comments"), 403);
        assertProblem(s.as().get("/api/posts/00000000-0000-0000-0000-000000000009/comments"), 404);
    }

    @Test
    void analyticsReturnsWindowsInRangeOrderedForMembersAndForAll() {
        Rows rows = new Rows(ds);
        Api.Session s = Api.member("analyst", "skype");
        Api.Session outsider = Api.member("noanalytics", "facebook");
        long base = 1_600_000_000_000L;
        rows.window("skype", base + 60_000, 3, 2, 1, 1, 2);
        rows.window("skype", base, 5, 4, 3, 2, 1);
        rows.window("skype", base + 30_000, 1, 0, 0, 0, 0);
        rows.window("skype", base + 900_000, 9, 9, 9, 9, 9);
        rows.window("all", base, 7, 6, 5, 4, 1);

        s.as().queryParam("from", base)
                .queryParam("to", base + 90_000)
                .get("/api/communities/skype/analytics")
                .then()
                .statusCode(200)
                .body("windowStart", equalTo(List.of(base, base + 30_000, base + 60_000)))
                .body("[0].communityId", equalTo("skype"))
                .body("[0].windowEnd", equalTo(base + 30_000))
                .body("[0].activeUsers", equalTo(5))
                .body("[0].posts", equalTo(4))
                .body("[0].likes", equalTo(3))
                .body("[0].comments", equalTo(1))
                .body("[0].shares", equalTo(2))
                .body("[0].emotions.joy", equalTo(2))
                .body("[0].emotions.anger", equalTo(0))
                .body("[0].lateEvents", equalTo(0))
                .body("[2].revision", equalTo(2));
        outsider.as()
                .queryParam("from", base)
                .queryParam("to", base + 90_000)
                .get("/api/communities/all/analytics")
                .then()
                .statusCode(200)
                .body("windowStart", equalTo(List.of(base)))
                .body("[0].activeUsers", equalTo(7));
        s.as().get("/api/communities/skype/analytics").then().statusCode(200).body("$", hasSize(0));

        assertProblem(outsider.as().get("/api/communities/skype/analytics"), 403);
        assertProblem(
                s.as().queryParam("from", base + 10).queryParam("to", base).get("/api/communities/skype/analytics"),
                400);
        assertProblem(s.as().queryParam("from", 0).queryParam("to", base).get("/api/communities/skype/analytics"), 400);
        assertProblem(s.as().queryParam("from", "yesterday").get("/api/communities/skype/analytics"), 400);
        assertProblem(s.as().get("/api/communities/nowhere/analytics"), 404);
    }
}
