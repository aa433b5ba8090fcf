package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static dev.streamer.contract.EventType.POST_UNLIKED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.flink.records.Rejected;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole pipeline on a MiniCluster through the job's seam (apache/flink-training style): a bounded log in place of
 * the Kafka source and collecting sinks in place of the topics and MySQL tables, so it needs neither Kafka nor
 * MariaDB. The same log as {@link FeedIT}: toggled likes, repeated and redelivered events, comments, shares, and
 * malformed records for the DLQ.
 */
class FeedPipelineTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private static final long T = 1_800_000_000_000L;

    private final String u1 = uuid();
    private final String u2 = uuid();
    private final String u3 = uuid();
    private final String u4 = uuid();
    private final String u5 = uuid();
    private final String p1 = uuid();
    private final String p2 = uuid();
    private final String c1 = uuid();
    private final String c2 = uuid();

    private static String uuid() {
        return UUID.randomUUID().toString();
    }

    private BoundedActivity log() {
        ActivityEvent like2 = ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u2, p1, T + 2);
        ActivityEvent comment1 = ActivityEvent.commentAdded(
                uuid(), "facebook", u2, p1, T + 7, new CommentPayload(c1, "first!", "user2"));
        ActivityEvent share1 = ActivityEvent.interaction(uuid(), POST_SHARED, "facebook", u4, p1, T + 9);
        return new BoundedActivity()
                .add(
                        ActivityEvent.postCreated(
                                uuid(), "facebook", u1, p1, T, new PostPayload("a post", null, "user1")),
                        like2,
                        ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u3, p1, T + 3),
                        ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u2, p1, T + 4), // liked already
                        like2) // redelivered
                .add("facebook", "this is not json".getBytes(StandardCharsets.UTF_8), T + 20)
                .add(
                        "facebook",
                        "{\"type\":\"POST_LIKED\",\"communityId\":\"facebook\",\"occurredAt\":1}"
                                .getBytes(StandardCharsets.UTF_8),
                        T + 20)
                .add("facebook", null, T + 20)
                .add(
                        ActivityEvent.interaction(uuid(), POST_UNLIKED, "facebook", u3, p1, T + 5),
                        ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u4, p1, T + 6),
                        comment1,
                        ActivityEvent.interaction(uuid(), POST_LIKED, "facebook", u3, p1, T + 8), // likes again
                        ActivityEvent.interaction(uuid(), POST_UNLIKED, "facebook", u5, p1, T + 8), // never liked
                        ActivityEvent.commentAdded(
                                uuid(), "facebook", u3, p1, T + 8, new CommentPayload(c2, "second", "user3")),
                        comment1, // redelivered
                        share1,
                        ActivityEvent.interaction(uuid(), POST_SHARED, "facebook", u5, p1, T + 10),
                        share1, // redelivered
                        ActivityEvent.postCreated(
                                uuid(), "skype", u2, p2, T + 11, new PostPayload("another", null, "user2")),
                        ActivityEvent.interaction(uuid(), POST_LIKED, "skype", u1, p2, T + 12),
                        ActivityEvent.interaction(uuid(), POST_UNLIKED, "skype", u1, p2, T + 13));
    }

    /** What the job wrote where, once its bounded input ended. */
    private record Run(
            CollectingSink<FeedPost> feed,
            CollectingSink<FeedPost> posts,
            CollectingSink<LikeChange> likes,
            CollectingSink<CommentRow> comments,
            CollectingSink<Rejected> dlq,
            CollectingSink<WindowResult> analytics,
            CollectingSink<WindowResult> windowStats) {

        static Run of(BoundedActivity log, int parallelism) throws Exception {
            Run run = new Run(
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>(),
                    new CollectingSink<>());
            JobOptions options = JobOptions.parse(
                    "--emotion", "off", "--parallelism", String.valueOf(parallelism), "--checkpoint-interval", "1s");
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.getExecutionEnvironment(StreamerJob.configuration(options));
            new StreamerJob(
                            options,
                            log.source(),
                            new Sinks(
                                    run.feed,
                                    run.analytics,
                                    run.dlq,
                                    run.posts,
                                    run.likes,
                                    run.comments,
                                    run.windowStats),
                            null)
                    .build(env);
            env.execute("feed-pipeline-test");
            return run;
        }

        /** The highest version of each post. */
        Map<String, FeedPost> lastPosts() {
            return posts.values().stream()
                    .collect(Collectors.toMap(
                            FeedPost::postId, p -> p, (a, b) -> a.version() >= b.version() ? a : b, TreeMap::new));
        }

        /** Post and user of every like in force after the switches were applied in event-time order. */
        List<String> likedAfterAll() {
            Map<String, LikeChange> last = likes.values().stream()
                    .collect(Collectors.toMap(
                            l -> l.postId() + "/" + l.userId(),
                            l -> l,
                            (a, b) -> a.at() >= b.at() ? a : b,
                            TreeMap::new));
            return last.values().stream()
                    .filter(LikeChange::liked)
                    .map(l -> l.postId() + "/" + l.userId())
                    .sorted()
                    .toList();
        }
    }

    @Test
    void oneSubtaskGivesExactVersionsLikesCommentsAndTheDlq() throws Exception {
        BoundedActivity log = log();
        Run run = Run.of(log, 1);

        // p1: created (1) + like u2, like u3, unlike u3, like u4, like u3, comment c1, comment c2, 2 shares = 10
        assertThat(run.lastPosts()).containsOnlyKeys(p1, p2);
        assertThat(run.lastPosts().get(p1))
                .isEqualTo(new FeedPost(p1, "facebook", u1, "user1", "a post", null, T, null, null, 3, 2, 2, 10));
        assertThat(run.lastPosts().get(p2))
                .isEqualTo(new FeedPost(p2, "skype", u2, "user2", "another", null, T + 11, null, null, 0, 0, 0, 3));
        // the posts table and the feed topic get the same versions, each post's in increasing order
        assertThat(run.feed.values()).isEqualTo(run.posts.values());
        for (List<Long> versions : run.feed.values().stream()
                .collect(Collectors.groupingBy(
                        FeedPost::postId, Collectors.mapping(FeedPost::version, Collectors.toList())))
                .values()) {
            assertThat(versions).isSorted().doesNotHaveDuplicates();
        }

        assertThat(run.likes.values())
                .containsExactly(
                        new LikeChange(p1, u2, true, T + 2),
                        new LikeChange(p1, u3, true, T + 3),
                        new LikeChange(p1, u3, false, T + 5),
                        new LikeChange(p1, u4, true, T + 6),
                        new LikeChange(p1, u3, true, T + 8),
                        new LikeChange(p2, u1, true, T + 12),
                        new LikeChange(p2, u1, false, T + 13));
        assertThat(run.comments.values())
                .containsExactly(
                        new CommentRow(c1, p1, "facebook", u2, "user2", "first!", T + 7),
                        new CommentRow(c2, p1, "facebook", u3, "user3", "second", T + 8));

        List<Rejected> dlq = run.dlq.values();
        assertThat(dlq).extracting(Rejected::reason).containsExactly("MALFORMED_JSON", "MISSING_ID", "MALFORMED_JSON");
        assertThat(dlq.get(0).payloadHead()).isEqualTo(log.values().get(5));
        assertThat(dlq.get(0).offset()).isEqualTo(5);
        assertThat(dlq.get(2).valueSize()).as("a null value").isEqualTo(-1);
        assertThat(dlq).allSatisfy(r -> assertThat(r.key()).isEqualTo("facebook".getBytes(StandardCharsets.UTF_8)));

        // the windows saw every valid first occurrence: two posts, one per community
        Map<String, Long> posts = run.windowStats.values().stream()
                .collect(Collectors.toMap(WindowResult::key, w -> w, (a, b) -> a.revision() >= b.revision() ? a : b))
                .values()
                .stream()
                .filter(w -> !w.communityId().equals("all"))
                .collect(Collectors.groupingBy(
                        WindowResult::communityId, TreeMap::new, Collectors.summingLong(WindowResult::posts)));
        assertThat(posts).containsExactly(Map.entry("facebook", 1L), Map.entry("skype", 1L));
        assertThat(run.analytics.values()).hasSameElementsAs(run.windowStats.values());
    }

    /**
     * Two source subtasks read halves of the log, so a post's events reach its keyed state in no fixed order: the
     * versions may differ, but every like in force, every comment and every count end the same.
     */
    @Test
    void twoSubtasksEndWithTheSameLikesCommentsAndCounts() throws Exception {
        Run run = Run.of(log(), 2);

        Map<String, FeedPost> last = run.lastPosts();
        assertThat(last).containsOnlyKeys(p1, p2);
        assertThat(List.of(
                        last.get(p1).likes(),
                        last.get(p1).comments(),
                        last.get(p1).shares()))
                .containsExactly(3L, 2L, 2L);
        assertThat(List.of(
                        last.get(p2).likes(),
                        last.get(p2).comments(),
                        last.get(p2).shares()))
                .containsExactly(0L, 0L, 0L);
        assertThat(run.likedAfterAll()).containsExactlyInAnyOrder(p1 + "/" + u2, p1 + "/" + u3, p1 + "/" + u4);
        assertThat(run.comments.values()).extracting(CommentRow::commentId).containsExactlyInAnyOrder(c1, c2);
        assertThat(run.dlq.values())
                .extracting(Rejected::reason)
                .containsExactlyInAnyOrder("MALFORMED_JSON", "MISSING_ID", "MALFORMED_JSON");
    }
}
