package dev.streamer.flink;

import static dev.streamer.contract.EventType.POST_LIKED;
import static dev.streamer.contract.EventType.POST_SHARED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.functions.CommunityWindows;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommunityWindowPart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The community operator: one de-duplication, then windows whose lateness is decided by the record's write time
 * ({@code writtenAt}) and whose revision is the number of events counted. Window 30 s, out-of-orderness 5 s, allowed
 * lateness 60 s, retention 10 min, de-duplication 70 min.
 */
class CommunityWindowsTest {

    private static final long W = 30_000;
    private static final long BOUND = 5_000;
    private static final long LATENESS = 60_000;
    private static final long RETENTION = 600_000;
    private static final long DEDUP = 4_200_000;
    private static final long T0 = 1_800_000_000_000L;
    /** The end of the first window. */
    private static final long END = T0 + W;

    private KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> harness;
    private int next;

    @BeforeEach
    void open() throws Exception {
        harness = newHarness();
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> newHarness()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new CommunityWindows(
                        Duration.ofMillis(W),
                        Duration.ofMillis(BOUND),
                        Duration.ofMillis(LATENESS),
                        Duration.ofMillis(RETENTION),
                        Duration.ofMillis(DEDUP)),
                Activity::communityId,
                Types.STRING);
    }

    private String id() {
        return new UUID(7, next++).toString();
    }

    private Activity signIn(String user, long occurredAt, long writtenAt) {
        return Activity.of(ActivityEvent.signedIn(id(), "facebook", user, occurredAt), writtenAt);
    }

    private Activity like(String user, String post, long occurredAt, long writtenAt) {
        return Activity.of(ActivityEvent.interaction(id(), POST_LIKED, "facebook", user, post, occurredAt), writtenAt);
    }

    /** The same event (same id and event time) in a record written at {@code writtenAt}: a republication. */
    private static Activity republished(Activity a, long writtenAt) {
        return new Activity(
                a.eventId(),
                a.type(),
                a.communityId(),
                a.userId(),
                a.postId(),
                a.occurredAt(),
                writtenAt,
                a.text(),
                a.mediaId(),
                a.authorName(),
                a.commentId(),
                a.emotion(),
                a.scores());
    }

    private void send(Activity... events) throws Exception {
        for (Activity a : events) {
            harness.processElement(a, a.occurredAt());
        }
    }

    private List<WindowResult> results() {
        return harness.extractOutputValues();
    }

    private List<Activity> postEvents() {
        List<Activity> out = new ArrayList<>();
        for (StreamRecord<Activity> r : harness.getSideOutput(CommunityWindows.POST_EVENTS)) {
            out.add(r.getValue());
        }
        return out;
    }

    private List<CommunityWindowPart> parts() {
        List<CommunityWindowPart> out = new ArrayList<>();
        for (StreamRecord<CommunityWindowPart> r : harness.getSideOutput(CommunityWindows.PARTS)) {
            out.add(r.getValue());
        }
        return out;
    }

    @Test
    void theFirstResultComesWhenTheWatermarkPassesTheEndWithRevisionEqualToTheEventsCounted() throws Exception {
        send(
                signIn("ann", T0 + 1_000, T0 + 1_100),
                Activity.of(
                        ActivityEvent.postCreated(
                                id(), "facebook", "ann", "p1", T0 + 2_000, new PostPayload("hi", null, "ann")),
                        T0 + 2_050),
                like("bob", "p1", T0 + 3_000, T0 + 3_010),
                Activity.of(
                        ActivityEvent.interaction(id(), POST_SHARED, "facebook", "ann", "p1", T0 + 29_000),
                        END + 4_000));
        harness.processWatermark(END - 2);
        assertThat(results()).as("nothing before the end").isEmpty();

        harness.processWatermark(END - 1);
        assertThat(results())
                .containsExactly(new WindowResult("facebook", T0, END, 2, 1, 1, 0, 1, EmotionCounts.ZERO, 0, 4, false));
        assertThat(parts())
                .singleElement()
                .satisfies(p -> assertThat(p.newUsers()).containsExactlyInAnyOrder("ann", "bob"));
    }

    @Test
    void lateIsDecidedByWhenTheRecordWasWrittenNotByWhenItArrives() throws Exception {
        // written late (after end + bound), but read before the window fired, as in a replay: applied and late
        send(signIn("ann", T0 + 1_000, END + BOUND + 1));
        // written on time, read after the window fired, as in a replay whose watermark ran ahead: applied, not late
        harness.processWatermark(END + 20_000);
        send(signIn("bob", T0 + 2_000, END + BOUND));
        // written after the allowed lateness: counted only
        send(signIn("cyd", T0 + 3_000, END + BOUND + LATENESS + 1));
        // written after the retention: not counted at all
        send(signIn("dan", T0 + 4_000, END + BOUND + LATENESS + RETENTION + 1));

        assertThat(results())
                .extracting(
                        WindowResult::activeUsers,
                        WindowResult::lateEvents,
                        WindowResult::revision,
                        WindowResult::update)
                .containsExactly(tuple(1L, 1L, 1, true), tuple(2L, 1L, 2, true), tuple(2L, 2L, 3, true));
        assertThat(parts())
                .extracting(p -> List.of(p.newUsers()))
                .containsExactly(List.of("ann"), List.of("bob"), List.of());
    }

    @Test
    void aWindowThatHadNoEventWhenItsTimePassedStartsWithItsFirstLateEvent() throws Exception {
        harness.processWatermark(END + 10_000);
        send(signIn("ann", T0 + 1_000, END + BOUND + LATENESS + 5));
        assertThat(results())
                .containsExactly(new WindowResult("facebook", T0, END, 0, 0, 0, 0, 0, EmotionCounts.ZERO, 1, 1, true));
    }

    @Test
    void anEventIdCountsOnceWithinTheHorizonWhateverTheWindowState() throws Exception {
        Activity first = like("ann", "p1", T0 + 1_000, T0 + 1_000);
        send(first, republished(first, T0 + 2_000));
        harness.processWatermark(END - 1);
        // republished an hour later (edge-api's Idempotency-Key replay): the window's summary is gone, the id is not
        harness.processWatermark(END + BOUND + LATENESS + RETENTION);
        send(republished(first, first.occurredAt() + 3_600_000));
        harness.processWatermark(END + 3_700_000);

        assertThat(results())
                .extracting(WindowResult::likes, WindowResult::revision)
                .containsExactly(tuple(1L, 1));
        assertThat(postEvents()).as("the feed sees the first occurrence only").containsExactly(first);
    }

    @Test
    void aRecordWrittenAfterTheDedupHorizonIsDroppedEvenIfItsIdIsNoLongerKnown() throws Exception {
        Activity first = like("ann", "p1", T0 + 1_000, T0 + 1_000);
        send(first);
        harness.processWatermark(END + DEDUP); // the ids of the window are forgotten
        Activity late = republished(first, first.occurredAt() + DEDUP + 1);
        Activity neverSeen = like("bob", "p1", T0 + 2_000, T0 + 2_000 + DEDUP + 1);
        send(late, neverSeen);

        assertThat(postEvents()).containsExactly(first);
        assertThat(results()).extracting(WindowResult::revision).containsExactly(1);
    }

    @Test
    void stateAndTimersAreGoneOnceTheWindowAndItsIdsExpire() throws Exception {
        send(
                signIn("ann", T0 + 1_000, T0 + 1_000),
                like("bob", "p1", T0 + 2_000, T0 + 2_000),
                signIn("cyd", T0 + W + 1_000, T0 + W + 1_000));
        harness.processWatermark(END + W);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isPositive();

        harness.processWatermark(END + W + BOUND + LATENESS + RETENTION);
        assertThat(harness.numKeyedStateEntries()).as("only the ids are left").isEqualTo(2);
        harness.processWatermark(END + W + DEDUP);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }

    /**
     * The heart of deterministic replays: the same log read with other watermark timings (a restore, another
     * parallelism) ends with the same last result per window, revision and content, late events included.
     */
    @Test
    void anyWatermarkTimingEndsWithTheSameLastResult() throws Exception {
        List<Activity> log = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            long t = T0 + i * 1_500L;
            // every fifth event is written 20 s (late) or 90 s (too late) after it happened
            long delay = i % 5 == 0 ? (i % 10 == 0 ? 20_000 : 90_000) : 200;
            log.add(signIn("user" + (i % 7), t, t + delay));
            if (i % 3 == 0) {
                log.add(republished(log.get(log.size() - 1), t + delay + 1_000));
            }
        }
        Map<String, WindowResult> prompt = lastPerWindow(run(log, 1));
        Map<String, WindowResult> lagging = lastPerWindow(run(log, 1_000));
        Map<String, WindowResult> restored = lastPerWindow(runWithRestore(log, 17));

        assertThat(lagging).isEqualTo(prompt);
        assertThat(restored).isEqualTo(prompt);
        assertThat(prompt.values()).extracting(WindowResult::lateEvents).allMatch(late -> late > 0);
    }

    /** Processes {@code log}, moving the watermark to each record's write time − bound every {@code every} records. */
    private static List<WindowResult> run(List<Activity> log, int every) throws Exception {
        try (var h = newHarness()) {
            h.open();
            feed(h, log, 0, log.size(), every);
            h.processWatermark(Long.MAX_VALUE);
            return h.extractOutputValues();
        }
    }

    /** As {@link #run} with a snapshot after {@code stopAt} records, restored into a new operator that reads on. */
    private static List<WindowResult> runWithRestore(List<Activity> log, int stopAt) throws Exception {
        List<WindowResult> out = new ArrayList<>();
        OperatorSubtaskState snapshot;
        try (var h = newHarness()) {
            h.open();
            feed(h, log, 0, stopAt, 1);
            snapshot = h.snapshot(1, 1);
            out.addAll(h.extractOutputValues());
        }
        try (var h = newHarness()) {
            h.initializeState(snapshot);
            h.open();
            feed(h, log, stopAt, log.size(), 1);
            h.processWatermark(Long.MAX_VALUE);
            out.addAll(h.extractOutputValues());
        }
        return out;
    }

    private static void feed(
            KeyedOneInputStreamOperatorTestHarness<String, Activity, WindowResult> h,
            List<Activity> log,
            int from,
            int to,
            int every)
            throws Exception {
        long watermark = Long.MIN_VALUE;
        for (int i = from; i < to; i++) {
            Activity a = log.get(i);
            h.processElement(a, a.occurredAt());
            if ((i + 1) % every == 0) {
                long mark = a.writtenAt() - BOUND - 1;
                if (mark > watermark) {
                    watermark = mark;
                    h.processWatermark(mark);
                }
            }
        }
    }

    private static Map<String, WindowResult> lastPerWindow(List<WindowResult> results) {
        Map<String, WindowResult> last = new LinkedHashMap<>();
        for (WindowResult r : results) {
            last.put(r.key(), r);
        }
        return last;
    }
}
