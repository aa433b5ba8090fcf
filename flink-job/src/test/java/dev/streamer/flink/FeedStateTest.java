package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static dev.streamer.contract.EventType.POST_UNLIKED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.PostPayload;
import dev.streamer.flink.functions.FeedState;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.flink.records.LikeMark;
import dev.streamer.flink.records.PostState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

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
                event(ActivityEvent.commentAdded(
                        id(), "facebook", "cyd", p, T + 4, new CommentPayload("c1", "yo", "cyd"))),
                event(ActivityEvent.interaction(id(), POST_SHARED, "facebook", "cyd", p, T + 5)),
                event(ActivityEvent.interaction(id(), POST_UNLIKED, "facebook", "bob", p, T + 6)));
    }

    @Test
    void versionsFollowFromTheOrderOfThePostsEventsAndNoTimerIsKept() throws Exception {
        List<FeedPost> first = run(log());
        List<FeedPost> again = run(log());
        assertThat(again)
                .as("the same events in the same order, the same versions")
                .isEqualTo(first);
        assertThat(first)
                .extracting(FeedPost::version, FeedPost::likes, FeedPost::comments, FeedPost::shares)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 1L, 0L, 0L),
                        org.assertj.core.groups.Tuple.tuple(3L, 1L, 1L, 0L),
                        org.assertj.core.groups.Tuple.tuple(4L, 1L, 1L, 1L),
                        org.assertj.core.groups.Tuple.tuple(5L, 0L, 1L, 1L));
    }

    /**
     * FeedState clears nothing, on purpose: a post is never deleted, its counts are the feed's, and every user's last
     * switch must stay to order a later-arriving older one. So the state is exactly the post plus one mark per user
     * who ever switched; duplicates, repeated likes, comments and shares add no entry, and a snapshot restores it.
     */
    @Test
    void stateIsThePostAndOneMarkPerSwitchingUserAndARestoreContinuesIt() throws Exception {
        List<Activity> log = new ArrayList<>(log());
        // interactions with a post that is not created (yet): counted and kept, nothing published
        log.add(event(ActivityEvent.interaction(id(), POST_LIKED, "facebook", "dan", "p2", T + 7)));
        log.add(event(ActivityEvent.interaction(id(), POST_SHARED, "facebook", "dan", "p2", T + 8)));

        OperatorSubtaskState snapshot;
        List<FeedPost> beforeSnapshot;
        try (KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h = harness(null)) {
            for (Activity a : log.subList(0, 4)) {
                h.processElement(a, a.occurredAt());
            }
            assertThat(likers(h, "p1")).containsExactly(entry("bob", new LikeMark(true, T + 3)));
            snapshot = h.snapshot(1L, 1L);
            beforeSnapshot = h.extractOutputValues();
        }
        try (KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h = harness(snapshot)) {
            for (Activity a : log.subList(4, log.size())) {
                h.processElement(a, a.occurredAt());
            }
            List<FeedPost> all = new ArrayList<>(beforeSnapshot);
            all.addAll(h.extractOutputValues());
            assertThat(all).as("as without the restore").isEqualTo(run(log()));

            assertThat(post(h, "p1"))
                    .extracting(
                            PostState::created,
                            PostState::likes,
                            PostState::comments,
                            PostState::shares,
                            PostState::version)
                    .containsExactly(true, 0L, 1L, 1L, 5L);
            assertThat(likers(h, "p1")).containsExactly(entry("bob", new LikeMark(false, T + 6)));
            assertThat(post(h, "p2"))
                    .extracting(PostState::created, PostState::likes, PostState::shares, PostState::version)
                    .containsExactly(false, 1L, 1L, 2L);
            assertThat(likers(h, "p2")).containsExactly(entry("dan", new LikeMark(true, T + 7)));
            assertThat(h.numKeyedStateEntries())
                    .as("post and likers of p1 and p2, nothing else")
                    .isEqualTo(4);
            assertThat(h.numEventTimeTimers()).isZero();
            assertThat(h.numProcessingTimeTimers()).isZero();
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> harness(OperatorSubtaskState from)
            throws Exception {
        KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(new FeedState()), Activity::postId, Types.STRING);
        if (from != null) {
            h.initializeState(from);
        }
        h.open();
        return h;
    }

    private static PostState post(KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h, String postId)
            throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(postId);
        return backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new ValueStateDescriptor<>("post", PostState.class))
                .value();
    }

    private static Map<String, LikeMark> likers(
            KeyedOneInputStreamOperatorTestHarness<String, Activity, FeedPost> h, String postId) throws Exception {
        KeyedStateBackend<String> backend = h.getOperator().getKeyedStateBackend();
        backend.setCurrentKey(postId);
        Map<String, LikeMark> marks = new TreeMap<>();
        for (Map.Entry<String, LikeMark> e : backend.getPartitionedState(
                        VoidNamespace.INSTANCE,
                        VoidNamespaceSerializer.INSTANCE,
                        new MapStateDescriptor<>("likers", String.class, LikeMark.class))
                .entries()) {
            marks.put(e.getKey(), e.getValue());
        }
        return marks;
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
            assertThat(likes)
                    .containsExactly(
                            new LikeChange("p1", "bob", true, T + 2), new LikeChange("p1", "bob", false, T + 6));
            List<CommentRow> comments = new ArrayList<>();
            for (StreamRecord<CommentRow> r : h.getSideOutput(FeedState.COMMENTS)) {
                comments.add(r.getValue());
            }
            assertThat(comments).containsExactly(new CommentRow("c1", "p1", "facebook", "cyd", "cyd", "yo", T + 4));
            return h.extractOutputValues();
        }
    }
}
