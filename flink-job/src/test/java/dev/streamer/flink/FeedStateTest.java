package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static dev.streamer.contract.EventType.POST_UNLIKED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.PostPayload;
import dev.streamer.flink.functions.FeedState;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The feed's per-post state on de-duplicated input (first occurrences in log order, from CommunityWindows): the
 * versions follow from the order of the post's events alone, and nothing is kept on timers.
 */
class FeedStateTest {

    private static final long T = 1_800_000_000_000L;
    private int next;

    private Activity event(ActivityEvent e) {
        return Activity.of(e, e.occurredAt() + 10);
    }

    private String id() {
        return new UUID(11, next++).toString();
    }

    private List<Activity> log() {
        String p = "p1";
        return List.of(
                // a like before the post's creation is counted and published with it
                event(ActivityEvent.interaction(id(), POST_LIKED, "facebook", "bob", p, T + 2)),
                event(ActivityEvent.postCreated(id(), "facebook", "ann", p, T + 1, new PostPayload("hi", null, "ann"))),
                event(ActivityEvent.interaction(id(), POST_LIKED, "facebook", "bob", p, T + 3)), // likes already
                event(ActivityEvent.interaction(id(), POST_UNLIKED, "facebook", "bob", p, T + 1)), // older: ignored
                event(ActivityEvent.commentAdded(id(), "facebook", "cyd", p, T + 4, new CommentPayload("c1", "yo", "cyd"))),
                event(ActivityEvent.interaction(id(), POST_SHARED, "facebook", "cyd", p, T + 5)),
                event(ActivityEvent.interaction(id(), POST_UNLIKED, "facebook", "bob", p, T + 6)));
    }

    @Test
    void versionsFollowFromTheOrderOfThePostsEventsAndNoTimerIsKept() throws Exception {
        List<FeedPost> first = run(log());
        List<FeedPost> again = run(log());
        assertThat(again).as("the same events in the same order, the same versions").isEqualTo(first);
        assertThat(first).extracting(FeedPost::version, FeedPost::likes, FeedPost::comments, FeedPost::shares)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 1L, 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(3L, 1L, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(4L, 1L, 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple(5L, 0L, 1L, 1L));
    }

    private List<FeedPost> run(List<Activity> log) throws Exception {

        try (KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h =
                     ProcessFunctionTestHarnesses.forKeyedProcessFunction(new FeedState(), Activity::postId, Types.STRING)) {
            for (Activity a : log) {
                h.processElement(a, a.occurredAt());
            }
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
            List<LikeChange> likes = new ArrayList<>();
            for (StreamRecord<LikeChange> r : h.getSideOutput(FeedState.LIKES)) {
                likes.add(r.getValue());
            }
            assertThat(likes).containsExactly(new LikeChange("p1", "bob", true, T + 2), new LikeChange("p1", "bob", false, T + 6));
            List<CommentRow> comments = new ArrayList<>();
            for (StreamRecord<CommentRow> r : h.getSideOutput(FeedState.COMMENTS)) {
                comments.add(r.getValue());
            }
            assertThat(comments).containsExactly(new CommentRow("c1", "p1", "facebook", "cyd", "cyd", "yo", T + 4));
            return h.extractOutputValues();
        }
    }
}
