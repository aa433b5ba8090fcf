package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventType;
import dev.streamer.contract.Limits;
import dev.streamer.contract.SessionPayload;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.functions.AllCommunitiesWindows;
import dev.streamer.flink.functions.CommunityWindows;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommunityWindowPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The signed-in gauge in both window operators: users with a session (token) open at the window's end, sessions ending
 * at their sign-out or their token's expiry, late sign-ins/outs re-emitting the later windows they change with a
 * higher revision, the same last results in any processing order, and the sessions' state dropped once no kept window
 * can need it. Window 30 s, out-of-orderness 5 s, allowed lateness 60 s, retention 10 min.
 */
class SignedInGaugeTest {

    private static final long W = 30_000;
    private static final long BOUND = 5_000;
    private static final long T0 = 1_800_000_000_000L;
    private static final long END = T0 + W;
    private static final long RETAINED = W + BOUND + 60_000 + 600_000;

    private int next;

    private static KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> community() throws Exception {
        return community(null);
    }

    /** A community operator, restored from {@code snapshot} when it is not null. */
    private static KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> community(
            OperatorSubtaskState snapshot) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new CommunityWindows(
                        Duration.ofMillis(W),
                        Duration.ofMillis(BOUND),
                        Duration.ofSeconds(60),
                        Duration.ofMinutes(10),
                        Duration.ofMinutes(70)),
                Activity::communityId,
                Types.STRING);
        if (snapshot != null) {
            h.initializeState(snapshot);
        }
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, CommunityWindowPart, WindowResult> all()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new AllCommunitiesWindows(
                        Duration.ofMillis(W), Duration.ofMillis(BOUND), Duration.ofSeconds(60), Duration.ofMinutes(10)),
                (CommunityWindowPart p) -> Limits.ALL_COMMUNITIES,
                Types.STRING);
        h.open();
        return h;
    }

    /**
     * The all-communities operator fed as the job feeds it: what the communities forwarded so far, then the watermark
     * {@code watermark} through both and the results it fired.
     */
    private static KeyedOneInputStreamOperatorTestHarness<String, CommunityWindowPart, WindowResult>
            throughAllCommunities(
                    KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> c, long watermark)
                    throws Exception {
        var a = all();
        for (StreamRecord<CommunityWindowPart> p : c.getSideOutput(CommunityWindows.PARTS)) {
            a.processElement(p.getValue(), p.getTimestamp());
        }
        c.processWatermark(watermark);
        for (StreamRecord<CommunityWindowPart> p : c.getSideOutput(CommunityWindows.PARTS)) {
            if (p.getValue().result() != null) {
                a.processElement(p.getValue(), p.getTimestamp());
            }
        }
        a.processWatermark(watermark);
        return a;
    }

    private String id() {
        return new UUID(11, next++).toString();
    }

    private static String token(String name) {
        return UUID.nameUUIDFromBytes(name.getBytes()).toString();
    }

    private Activity in(String community, String user, String token, long at, long expiresAt, long writtenAt) {
        return Activity.of(
                ActivityEvent.signedIn(id(), community, user, at, new SessionPayload(token(token), expiresAt)),
                writtenAt);
    }

    private Activity out(String community, String user, String token, long at, long writtenAt) {
        return Activity.of(
                ActivityEvent.signedOut(id(), community, user, at, new SessionPayload(token(token), at + 1)),
                writtenAt);
    }

    private Activity like(String user, long at) {
        return Activity.of(ActivityEvent.interaction(id(), EventType.POST_LIKED, "facebook", user, id(), at), at);
    }

    private static void send(
            KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> h, Activity... events)
            throws Exception {
        for (Activity a : events) {
            h.processElement(a, a.occurredAt());
        }
    }

    /** The last result of each window, by start. */
    private static Map<Long, WindowResult> last(List<WindowResult> results) {
        Map<Long, WindowResult> out = new TreeMap<>();
        results.forEach(r -> out.put(r.windowStart(), r));
        return out;
    }

    private List<Activity> threeWindows() {
        long twelveHours = 43_200_000L;
        return List.of(
                in("facebook", "ann", "a1", T0 + 1_000, T0 + twelveHours, T0 + 1_000),
                in("facebook", "bob", "b1", T0 + 2_000, T0 + twelveHours, T0 + 2_000),
                // cyd's token expires in the third window, without a sign-out
                in("facebook", "cyd", "c1", T0 + 3_000, END + W + 10_000, T0 + 3_000),
                out("facebook", "bob", "b1", END + 1_000, END + 1_000),
                // ann holds a second token
                in("facebook", "ann", "a2", END + 2_000, T0 + twelveHours, END + 2_000),
                // signing out one of two tokens leaves ann signed in
                out("facebook", "ann", "a1", END + W + 1_000, END + W + 1_000),
                like("dan", END + W + 20_000));
    }

    @Test
    void countsUsersWithAnOpenSessionAtEachWindowsEnd() throws Exception {
        var h = community();
        List<Activity> events = threeWindows();
        for (Activity a : events) {
            send(h, a);
            h.processWatermark(a.occurredAt() - BOUND - 1);
        }
        h.processWatermark(END + 2 * W - 1);
        assertThat(last(h.extractOutputValues()).values())
                .extracting(WindowResult::windowStart, WindowResult::signedIn, WindowResult::activeUsers)
                .containsExactly(tuple(T0, 3L, 3L), tuple(END, 2L, 2L), tuple(END + W, 1L, 2L));
        h.close();
    }

    @Test
    void aLateSignInEmitsTheLaterFiredWindowsAgainWithAHigherRevision() throws Exception {
        var h = community();
        send(h, threeWindows().subList(0, 5).toArray(new Activity[0]));
        h.processWatermark(END + W - 1);
        assertThat(last(h.extractOutputValues()).values())
                .extracting(WindowResult::signedIn, WindowResult::revision)
                .containsExactly(tuple(3L, 3), tuple(2L, 2));
        int before = h.extractOutputValues().size();

        // eve signed in in the first window, but her record was written in the second one (late: after end + bound)
        send(h, in("facebook", "eve", "e1", T0 + 9_000, T0 + 43_200_000L, END + BOUND + 1_000));
        List<WindowResult> again =
                h.extractOutputValues().subList(before, h.extractOutputValues().size());
        assertThat(again)
                .extracting(
                        WindowResult::windowStart,
                        WindowResult::signedIn,
                        WindowResult::revision,
                        WindowResult::lateEvents)
                .containsExactlyInAnyOrder(tuple(T0, 4L, 4, 1L), tuple(END, 3L, 3, 0L));
        h.close();
    }

    @Test
    void aLateSignInRightAfterARestoreEmitsEveryLaterFiredWindowAgain() throws Exception {
        List<Activity> events = threeWindows();
        var before = community();
        send(before, events.toArray(new Activity[0]));
        before.processWatermark(END + 2 * W - 1);
        assertThat(last(before.extractOutputValues()).values())
                .extracting(WindowResult::signedIn)
                .containsExactly(3L, 2L, 1L);
        OperatorSubtaskState snapshot = before.snapshot(1, 1);
        before.close();

        // the restored operator has fired all three windows, but has not seen a watermark yet
        var restored = community(snapshot);
        // eve signed in in the first window; her record was written in the second (late), read after the restore
        send(restored, in("facebook", "eve", "e1", T0 + 9_000, T0 + 43_200_000L, END + BOUND + 1_000));
        assertThat(last(restored.extractOutputValues()).values())
                .extracting(WindowResult::windowStart, WindowResult::signedIn)
                .containsExactly(tuple(T0, 4L), tuple(END, 3L), tuple(END + W, 2L));
        restored.close();
    }

    @Test
    void theLastResultsAreTheSameInAnyProcessingOrderAndWatermarkTiming() throws Exception {
        List<Activity> events = new ArrayList<>(threeWindows());
        events.add(in("facebook", "eve", "e1", T0 + 9_000, T0 + 43_200_000L, END + BOUND + 1_000));
        events.add(out("facebook", "eve", "e1", END + 5_000, END + BOUND + 2_000));

        var eager = community(); // fires every window as early as possible
        for (Activity a : events) {
            send(eager, a);
            eager.processWatermark(Math.max(a.occurredAt(), a.writtenAt()) - BOUND - 1);
        }
        eager.processWatermark(END + 2 * W + BOUND);
        var lazy = community(); // reads everything first, as a replay whose watermark lags
        send(lazy, events.toArray(new Activity[0]));
        lazy.processWatermark(END + 2 * W + BOUND);

        Map<Long, WindowResult> first = last(eager.extractOutputValues());
        assertThat(first).hasSize(3);
        assertThat(last(lazy.extractOutputValues())).isEqualTo(first);
        assertThat(first.values()).extracting(WindowResult::signedIn).containsExactly(4L, 2L, 1L);
        eager.close();
        lazy.close();
    }

    @Test
    void sessionsAndTheirTimersAreDroppedOnceNoKeptWindowCanNeedThem() throws Exception {
        var h = community();
        send(
                h,
                in("facebook", "ann", "a1", T0 + 1_000, END + 5_000, T0 + 1_000),
                in("facebook", "bob", "b1", T0 + 2_000, T0 + 43_200_000L, END + BOUND + 1_000),
                out("facebook", "bob", "b1", END + 1_000, END + 1_000));
        h.processWatermark(END + W);
        assertThat(h.numKeyedStateEntries()).isPositive();
        // after the windows' retention only the event ids are left, and after the de-duplication horizon nothing
        h.processWatermark(END + W + RETAINED);
        h.processWatermark(END + W + Duration.ofMinutes(71).toMillis());
        assertThat(h.numKeyedStateEntries()).isZero();
        assertThat(h.numEventTimeTimers()).isZero();
        h.close();
    }

    @Test
    void theAllCommunitiesGaugeCountsAUserOnceAndCountsCommunitiesWithoutAResult() throws Exception {
        var c = community();
        long exp = T0 + 43_200_000L;
        // ann signs in once, in both her communities (one event per membership, one token)
        send(
                c,
                in("facebook", "ann", "a1", T0 + 1_000, exp, T0 + 1_000),
                in("skype", "ann", "a1", T0 + 1_000, exp, T0 + 1_000),
                in("skype", "bob", "b1", T0 + 2_000, exp, T0 + 2_000),
                // the next window: only facebook has an event; bob, signed in in skype, is still signed in
                like("cyd", END + 3_000));
        var a = throughAllCommunities(c, END + W - 1);
        assertThat(last(a.extractOutputValues()).values())
                .extracting(WindowResult::windowStart, WindowResult::signedIn, WindowResult::activeUsers)
                .containsExactly(tuple(T0, 2L, 2L), tuple(END, 2L, 1L));
        c.close();
        a.close();
    }

    @Test
    void aUserSignedInInOneCommunityIsSignedInInAllCommunitiesWhateverTheirOtherCommunitiesApplied() throws Exception {
        var c = community();
        long exp = T0 + 43_200_000L;
        long tooLate = END + W + BOUND + 60_000 + 1_000; // after the allowed lateness of window END: counted only
        send(
                c,
                in("facebook", "ann", "a1", T0 + 1_000, exp, T0 + 1_000),
                in("skype", "ann", "a1", T0 + 1_000, exp, T0 + 1_000),
                out("facebook", "ann", "a1", END + 1_000, END + 1_000),
                // the same sign-out reached skype's log too late to be applied: there ann stays signed in
                out("skype", "ann", "a1", END + 1_000, tooLate));
        var a = throughAllCommunities(c, END + W - 1);
        Map<String, Long> second = new TreeMap<>();
        for (WindowResult r : c.extractOutputValues()) {
            if (r.windowStart() == END) {
                second.put(r.communityId(), r.signedIn());
            }
        }
        assertThat(second).containsExactly(Map.entry("facebook", 0L), Map.entry("skype", 1L));
        assertThat(last(a.extractOutputValues()).get(END).signedIn())
                .as("the union of the communities: ann is signed in in skype")
                .isEqualTo(1L);
        c.close();
        a.close();
    }
}
