package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.functions.AllCommunitiesWindows;
import dev.streamer.flink.records.CommunityWindowPart;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AllCommunitiesWindowsTest {

    private static final long W = 30_000;
    private static final long T0 = 1_800_000_000_000L;
    /** Out-of-orderness 5 s + allowed lateness 60 s + retention 10 min after the window's end. */
    private static final long RETAINED = 5_000 + 60_000 + 600_000;

    private KeyedOneInputStreamOperatorTestHarness<String, CommunityWindowPart, WindowResult> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new KeyedOneInputStreamOperatorTestHarness<>(
                new AllCommunitiesWindows(
                        Duration.ofMillis(W), Duration.ofSeconds(5), Duration.ofSeconds(60), Duration.ofMinutes(10)),
                p -> Limits.ALL_COMMUNITIES,
                Types.STRING);
        harness.open();
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** A community's result: users, posts, likes, comments, shares, joy posts, late events; its revision. */
    private static CommunityWindowPart part(String community, long start, long[] c, int revision, String... newUsers) {
        return new CommunityWindowPart(
                new WindowResult(
                        community,
                        start,
                        start + W,
                        c[0],
                        c[1],
                        c[2],
                        c[3],
                        c[4],
                        new EmotionCounts(0, 0, 0, c[5], 0, 0, c[1] - c[5]),
                        c[6],
                        revision,
                        c[6] > 0),
                newUsers);
    }

    private void send(CommunityWindowPart p) throws Exception {
        harness.processElement(p, p.result().windowEnd() - 1);
    }

    private List<WindowResult> results() {
        return harness.extractOutputValues();
    }

    @Test
    void sumsTheCommunitiesAndCountsAUserActiveInTwoOfThemOnce() throws Exception {
        send(part("facebook", T0, new long[] {2, 1, 3, 1, 0, 1, 0}, 5, "ann", "bob"));
        send(part("skype", T0, new long[] {2, 2, 0, 0, 4, 0, 0}, 6, "bob", "cyd"));
        assertThat(results()).as("nothing before the watermark passes the end").isEmpty();

        harness.processWatermark(T0 + W - 1);
        assertThat(results())
                .containsExactly(new WindowResult(
                        "all", T0, T0 + W, 3, 3, 3, 1, 4, new EmotionCounts(0, 0, 0, 1, 0, 0, 2), 0, 11, false));
    }

    @Test
    void aCommunitysNewerResultReplacesItsPreviousCountsAndTheRevisionIsTheSumOfTheCommunities() throws Exception {
        send(part("facebook", T0, new long[] {1, 1, 1, 0, 0, 0, 0}, 2, "ann"));
        send(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 1, "bob"));
        harness.processWatermark(T0 + W + 5_000);
        // a late like by a new user in facebook: facebook's revision 3 holds every count again
        send(part("facebook", T0, new long[] {2, 1, 2, 0, 0, 0, 1}, 3, "bob"));
        // a late sign-in of cyd in twitter, which had no event in the window yet: its first result
        send(part("twitter", T0, new long[] {1, 0, 0, 0, 0, 0, 1}, 1, "cyd"));
        // a result the sums already hold (an older revision) changes nothing
        send(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 1, "bob"));

        assertThat(results())
                .extracting(
                        WindowResult::activeUsers,
                        WindowResult::likes,
                        WindowResult::lateEvents,
                        WindowResult::revision,
                        WindowResult::update)
                .containsExactly(tuple(2L, 2L, 0L, 3, false), tuple(2L, 3L, 1L, 4, true), tuple(3L, 3L, 2L, 5, true));
    }

    @Test
    void aWindowWhoseOnlyResultArrivesAfterItsTimeIsEmittedAtOnce() throws Exception {
        harness.processWatermark(T0 + W + 5_000);
        send(part("skype", T0, new long[] {0, 0, 0, 0, 0, 0, 1}, 1));
        assertThat(results())
                .extracting(
                        WindowResult::activeUsers,
                        WindowResult::lateEvents,
                        WindowResult::revision,
                        WindowResult::update)
                .containsExactly(tuple(0L, 1L, 1, true));
    }

    @Test
    void forgetsAWindowAfterItsRetention() throws Exception {
        send(part("skype", T0, new long[] {1, 0, 1, 0, 0, 0, 0}, 1, "bob"));
        send(part("skype", T0 + W, new long[] {1, 0, 1, 0, 0, 0, 0}, 1, "bob"));
        harness.processWatermark(T0 + W - 1);
        assertThat(harness.numKeyedStateEntries()).isPositive();
        assertThat(harness.numEventTimeTimers()).isPositive();
        harness.processWatermark(T0 + 2 * W + RETAINED);
        assertThat(harness.numKeyedStateEntries()).isZero();
        assertThat(harness.numEventTimeTimers()).isZero();
    }
}
