package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static dev.streamer.contract.EventType.POST_UNLIKED;
import static dev.streamer.flink.JobHarness.await;
import static dev.streamer.flink.JobHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Json;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Per-post state: toggled likes, comments, shares, duplicates; poison records to the DLQ without stopping the job. */
class FeedIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private final String u1 = uuid();
    private final String u2 = uuid();
    private final String u3 = uuid();
    private final String u4 = uuid();
    private final String u5 = uuid();
    private final String p1 = uuid();
    private final String p2 = uuid();

    @Test
    void countersAreExactInMySqlAndOnTheFeedTopic_andPoisonGoesToTheDlq() throws Exception {
        try (JobHarness job = new JobHarness(3);
                TopicWatcher<FeedPost> feed =
                        new TopicWatcher<>(job.kafka.consumer(), job.feed, ResultCodec::decodeFeedPost)) {
            job.insertUsers(u1, u2, u3, u4, u5);
            job.start("--emotion", "off", "--parallelism", "2");
            long t = System.currentTimeMillis();
            String c1 = uuid();
            String c2 = uuid();
            ActivityEvent like2 = ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u2, p1, t + 2);
            ActivityEvent comment1 = ActivityEvent.commentAdded(
                    uuid(), "facebook", u2, p1, t + 7, new CommentPayload(c1, "first!", "user2"));
            ActivityEvent share1 = ActivityEvent.interaction(uuid(), POST_SHARED, "facebook", u4, p1, t + 9);
            job.send(
                    ActivityEvent.postCreated(uuid(), "facebook", u1, p1, t, new PostPayload("a post", null, "user1")),
                    like2,
                    ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u3, p1, t + 3),
                    ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u2, p1, t + 4), // liked already: nothing
                    like2); // redelivered: nothing
            job.sendRaw("facebook", "this is not json".getBytes(StandardCharsets.UTF_8));
            job.sendRaw(
                    "facebook",
                    "{\"type\":\"POST_LIKED\",\"communityId\":\"facebook\",\"occurredAt\":1}"
                            .getBytes(StandardCharsets.UTF_8));
            job.sendRaw("facebook", null);
            job.send(
                    ActivityEvent.interaction(uuid(), POST_UNLIKED, "facebook", u3, p1, t + 5),
                    ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u4, p1, t + 6),
                    comment1,
                    ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u3, p1, t + 8), // likes again
                    ActivityEvent.interaction(uuid(), POST_UNLIKED, "facebook", u5, p1, t + 8), // never liked: nothing
                    ActivityEvent.commentAdded(
                            uuid(), "facebook", u3, p1, t + 8, new CommentPayload(c2, "second", "user3")),
                    comment1, // redelivered
                    share1,
                    ActivityEvent.interaction(uuid(), POST_SHARED, "facebook", u5, p1, t + 10),
                    share1, // redelivered
                    ActivityEvent.postCreated(
                            uuid(), "skype", u2, p2, t + 11, new PostPayload("another", null, "user2")),
                    ActivityEvent.interaction(uuid(), POST_LIKED, "skype", u1, p2, t + 12),
                    ActivityEvent.interaction(uuid(), POST_UNLIKED, "skype", u1, p2, t + 13));

            // p1: created (1) + like u2, like u3, unlike u3, like u4, like u3, comment c1, comment c2, 2 shares = 10
            Map<String, Object> post1 = await("p1 at version 10", Duration.ofSeconds(30), () -> {
                List<Map<String, Object>> r = job.rows("SELECT * FROM posts WHERE id = '" + p1 + "'");
                return r.size() == 1 && ((Long) r.get(0).get("version")) == 10 ? r.get(0) : null;
            });
            assertThat(post1)
                    .containsEntry("community_id", "facebook")
                    .containsEntry("author_id", u1)
                    .containsEntry("author_name", "user1")
                    .containsEntry("text", "a post")
                    .containsEntry("likes", 3L)
                    .containsEntry("comments", 2L)
                    .containsEntry("shares", 2L)
                    .containsEntry("created_at", t)
                    .containsEntry("emotion", null)
                    .containsEntry("score_joy", null);
            Map<String, Object> post2 = await("p2 at version 3", Duration.ofSeconds(10), () -> {
                List<Map<String, Object>> r = job.rows("SELECT * FROM posts WHERE id = '" + p2 + "'");
                return r.size() == 1 && ((Long) r.get(0).get("version")) == 3 ? r.get(0) : null;
            });
            assertThat(post2)
                    .containsEntry("likes", 0L)
                    .containsEntry("comments", 0L)
                    .containsEntry("shares", 0L)
                    .containsEntry("community_id", "skype");

            // post_likes and comments have their own sinks, flushed on their own timers: wait for them too
            await("post_likes and comments", Duration.ofSeconds(10), () -> {
                assertThat(job.rows("SELECT post_id, user_id, liked_at FROM post_likes WHERE liked ORDER BY liked_at"))
                        .containsExactly(
                                Map.of("post_id", p1, "user_id", u2, "liked_at", t + 2),
                                Map.of("post_id", p1, "user_id", u4, "liked_at", t + 6),
                                Map.of("post_id", p1, "user_id", u3, "liked_at", t + 8));
                assertThat(job.rows(
                                "SELECT id, post_id, community_id, author_id, author_name, text, created_at FROM comments "
                                        + "ORDER BY created_at"))
                        .containsExactly(
                                Map.of(
                                        "id",
                                        c1,
                                        "post_id",
                                        p1,
                                        "community_id",
                                        "facebook",
                                        "author_id",
                                        u2,
                                        "author_name",
                                        "user2",
                                        "text",
                                        "first!",
                                        "created_at",
                                        t + 7),
                                Map.of(
                                        "id",
                                        c2,
                                        "post_id",
                                        p1,
                                        "community_id",
                                        "facebook",
                                        "author_id",
                                        u3,
                                        "author_name",
                                        "user3",
                                        "text",
                                        "second",
                                        "created_at",
                                        t + 8));
                return Boolean.TRUE;
            });

            // the feed topic: each post's latest version at least once per --feed-interval, never an older one after
            // a newer one, the last one equal to the row
            await(
                    "feed version 10 of p1",
                    Duration.ofSeconds(10),
                    () -> feed.values().stream().anyMatch(p -> p.postId().equals(p1) && p.version() == 10)
                            ? Boolean.TRUE
                            : null);
            await(
                    "feed version 3 of p2",
                    Duration.ofSeconds(10),
                    () -> feed.values().stream().anyMatch(p -> p.postId().equals(p2) && p.version() == 3)
                            ? Boolean.TRUE
                            : null);
            Map<String, List<FeedPost>> byPost =
                    feed.values().stream().collect(Collectors.groupingBy(FeedPost::postId));
            for (List<FeedPost> versions : byPost.values()) {
                List<Long> inTopicOrder =
                        versions.stream().map(FeedPost::version).toList();
                assertThat(inTopicOrder)
                        .as("versions in topic order")
                        .isSorted()
                        .doesNotHaveDuplicates();
            }
            FeedPost last1 = byPost.get(p1).get(byPost.get(p1).size() - 1);
            assertThat(last1)
                    .isEqualTo(new FeedPost(p1, "facebook", u1, "user1", "a post", null, t, null, null, 3, 2, 2, 10));
            assertThat(byPost.get(p2).get(byPost.get(p2).size() - 1).likes()).isZero();
            assertThat(feed.all()).allMatch(r -> r.key().equals(r.value().postId()));

            // the DLQ: the three poison records with their reasons; the job went on (the counts above came after them)
            List<ConsumerRecord<String, byte[]>> dlq = job.kafka.read(job.dlq, r -> true, 3, Duration.ofSeconds(10));
            assertThat(dlq).hasSize(3);
            assertThat(dlq.stream()
                            .map(r -> new String(
                                    r.headers()
                                            .lastHeader(Topics.DLQ_REASON_HEADER)
                                            .value(),
                                    StandardCharsets.UTF_8))
                            .toList())
                    .containsExactlyInAnyOrder("MALFORMED_JSON", "MISSING_ID", "MALFORMED_JSON");
            List<JsonNode> values = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : dlq) {
                values.add(Json.mapper().readTree(r.value()));
            }
            JsonNode first = values.stream()
                    .filter(v -> v.has("payloadBase64")
                            && "this is not json"
                                    .equals(new String(
                                            Base64.getDecoder()
                                                    .decode(v.get("payloadBase64")
                                                            .asText()),
                                            StandardCharsets.UTF_8)))
                    .findFirst()
                    .orElseThrow();
            assertThat(first.get("reason").asText()).isEqualTo("MALFORMED_JSON");
            assertThat(first.get("valueSize").asInt()).isEqualTo("this is not json".length());
            assertThat(first.get("payloadTruncated").asBoolean()).isFalse();
            assertThat(first.get("topic").asText()).isEqualTo(job.activity);
            assertThat(values)
                    .as("the null value")
                    .anyMatch(v -> v.get("valueSize").asInt() == -1);
            assertThat(dlq).allMatch(r -> "facebook".equals(r.key()));
            assertThat(dlq)
                    .allMatch(r ->
                            r.headers().lastHeader(Topics.DLQ_DETAIL_HEADER).value().length > 0);
        }
    }
}
