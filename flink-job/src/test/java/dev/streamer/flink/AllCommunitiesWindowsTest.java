package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.functions.AllCommunitiesWindows;
import dev.streamer.flink.records.CommunityWindowPart;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

class AllCommunitiesWindowsTest {

    private static final long W = 30_000;
    private static final long T0 = 1_800_000_000_000L;

    private KeyedOneInputStreamOperatorTestHarness<String, CommunityWindowPart, WindowResult> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new AllCommunitiesWindows(Duration.ofMillis(W), Duration.ofSeconds(60), Duration.ofMinutes(10)),
                p -> Limits.ALL_COMMUNITIES, Types.STRING);
    }

    /** A community's result: users, posts, likes, comments, shares, joy posts, late events, revision. */
    private static CommunityWindowPart part(String community, long start, long[] c, int revision, String... newUsers) {
        return CommunityWindowPart.of(new WindowResult(community, start, start + W, c[0], c[1], c[2], c[3], c[4],
                new EmotionCounts(0, 0, 0, c[5], 0, 0, c[1] - c[5]), c[6], revision, revision > 0), newUsers);
    }

    private List<WindowResult> results() {
        return harness.extractOutputValues();
    }

    @Test
    void sumsTheCommunitiesAndCountsAUserActiveInTwoOfThemOnce() throws Exception {
        harness.processElement(part("facebook", T0, new long[] {2, 1, 3, 1, 0, 1, 0}, 0, "ann", "bob"), T0 + W - 1);
        harness.processElement(part("skype", T0, new long[] {2, 2, 0, 0, 4, 0, 0}, 0, "bob", "cyd"), T0 + W - 1);
        assertThat(results()).as("nothing before the watermark passes the end").isEmpty();

        harness.processWatermark(T0 + W - 1);
        assertThat(results()).containsExactly(new WindowResult("all", T0, T0 + W, 3, 3, 3, 1, 4,
                new EmotionCounts(0, 0, 0, 1, 0, 0, 2), 0, 0, false));
    }

    @Test
    void aLateCommunityRevisionReplacesItsPreviousCountsAndUpdatesTheWindow() throws Exception {
        harness.processElement(part("facebook", T0, new long[] {1, 1, 1, 0, 0, 0, 0}, 0, "ann"), T0 + W - 1);
        harness.processElement(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 0, "bob"), T0 + W - 1);
        harness.processWatermark(T0 + W + 5_000);
        // a late like by a new user in facebook: facebook's revision 1 holds every count again
        harness.processElement(part("facebook", T0, new long[] {2, 1, 2, 0, 0, 0, 1}, 1, "bob"), T0 + 10_000);
        // a late sign-in of cyd in twitter, which had no event in the window yet: its late first result
        harness.processElement(part("twitter", T0, new long[] {1, 0, 0, 0, 0, 0, 1}, 0, "cyd"), T0 + 20_000);

        assertThat(results()).extracting(WindowResult::activeUsers, WindowResult::likes, WindowResult::lateEvents,
                        WindowResult::revision, WindowResult::update)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(2L, 2L, 0L, 0, false),
                        org.assertj.core.groups.Tuple.tuple(2L, 3L, 1L, 1, true),
                        org.assertj.core.groups.Tuple.tuple(3L, 3L, 2L, 2, true));
    }

    @Test
    void anEventTooLateForAWindowItsCommunityNeverHadIsALateEventOfThisRow() throws Exception {
        harness.processElement(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 0, "bob"), T0 + 1_000);
        harness.processWatermark(T0 + W + 70_000);
        harness.processElement(CommunityWindowPart.tooLate("instagram", T0), T0 + 2_000);
        // a window this row never had: nothing to count it in
        harness.processElement(CommunityWindowPart.tooLate("instagram", T0 - W), T0 - 2_000);
        assertThat(results()).extracting(WindowResult::windowStart, WindowResult::lateEvents, WindowResult::revision,
                        WindowResult::update)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(T0, 0L, 0, false),
                        org.assertj.core.groups.Tuple.tuple(T0, 1L, 1, true));
    }

    @Test
    void aWindowWhoseOnlyResultIsLateIsALateFirstResult() throws Exception {
        harness.processWatermark(T0 + W + 5_000);
        harness.processElement(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 1}, 0, "bob"), T0 + 1_000);
        assertThat(results()).extracting(WindowResult::lateEvents, WindowResult::revision, WindowResult::update)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1L, 0, false));
    }

    @Test
    void forgetsAWindowAfterItsRetention() throws Exception {
        harness.processElement(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 0, "bob"), T0 + 1_000);
        harness.processWatermark(T0 + W - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        harness.processWatermark(T0 + W - 1 + 60_000 + 600_000);
        assertThat(harness.numKeyedStateEntries()).isZero();
    }
}
