package dev.streamer.generator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.MissingNode;
import dev.streamer.contract.EventType;
import java.util.List;
import org.junit.jupiter.api.Test;

class GroundTruthTest {

    private static ApiResponse answered(long sent, long received) {
        return new ApiResponse(202, MissingNode.getInstance(), sent, received, 1_000_000, null, 1, sent);
    }

    @Test
    void countsPerCommunityAndWindowAndForAll() {
        GroundTruth t = new GroundTruth();
        t.interaction(EventType.POST_CREATED, "facebook", "u1", "p1", 60_001, answered(60_000, 60_010));
        t.interaction(EventType.POST_LIKED, "facebook", "u2", "p1", 60_500, answered(60_400, 60_600));
        t.interaction(EventType.POST_UNLIKED, "facebook", "u2", "p1", 60_700, answered(60_650, 60_750));
        t.interaction(EventType.POST_LIKED, "facebook", "u3", "p1", 89_999, answered(89_990, 90_000));
        t.interaction(EventType.COMMENT_ADDED, "facebook", "u1", "p1", "c1", 90_000, answered(89_990, 90_010));
        t.interaction(EventType.POST_CREATED, "twitter", "u2", "p2", 61_000, answered(60_990, 61_010));
        t.interaction(EventType.POST_SHARED, "twitter", "u4", "p2", 61_100, answered(61_090, 61_110));
        t.signEvents(EventType.USER_SIGNED_IN, List.of("facebook", "twitter"), "u5", answered(62_000, 62_020));

        Report.Truth truth = t.compute();
        assertThat(truth.acceptedEvents()).isEqualTo(9);
        assertThat(truth.signEventTiming().exact()).isTrue();
        assertThat(truth.windows())
                .containsExactly(
                        new Report.WindowCounts("all", 60_000, 90_000, 5, 2, 2, 1, 0, 1, 2, 0, 0),
                        new Report.WindowCounts("all", 90_000, 120_000, 1, 0, 0, 0, 1, 0, 0, 0, 0),
                        new Report.WindowCounts("facebook", 60_000, 90_000, 4, 1, 2, 1, 0, 0, 1, 0, 0),
                        new Report.WindowCounts("facebook", 90_000, 120_000, 1, 0, 0, 0, 1, 0, 0, 0, 0),
                        new Report.WindowCounts("twitter", 60_000, 90_000, 3, 1, 0, 0, 0, 1, 1, 0, 0));
        assertThat(truth.posts())
                .containsExactly(
                        new Report.PostCounts("p1", "facebook", "u1", 60_001, 1, 1, 0, List.of("u3"), List.of("c1")),
                        new Report.PostCounts("p2", "twitter", "u2", 61_000, 0, 0, 1, List.of(), List.of()));
    }

    @Test
    void likesAreATogglePerUserReplayedInEventTimeOrder() {
        GroundTruth t = new GroundTruth();
        t.interaction(EventType.POST_CREATED, "c", "a", "p", 1_000, answered(1_000, 1_000));
        // recorded out of order: the unlike happened after the like
        t.interaction(EventType.POST_UNLIKED, "c", "u1", "p", 3_000, answered(3_000, 3_000));
        t.interaction(EventType.POST_LIKED, "c", "u1", "p", 2_000, answered(2_000, 2_000));
        t.interaction(EventType.POST_LIKED, "c", "u2", "p", 2_500, answered(2_500, 2_500));
        t.interaction(EventType.POST_LIKED, "c", "u2", "p", 2_600, answered(2_600, 2_600));
        assertThat(t.compute().posts())
                .containsExactly(new Report.PostCounts("p", "c", "a", 1_000, 1, 0, 0, List.of("u2"), List.of()));
    }

    @Test
    void signEventsWithAnOccurredAtInTheAnswerAreExact() {
        GroundTruth t = new GroundTruth();
        var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("occurredAt", 29_999);
        t.signEvents(
                EventType.USER_SIGNED_IN,
                List.of("c"),
                "u",
                new ApiResponse(200, body, 29_990, 30_005, 1, null, 1, 29_990));
        Report.Truth truth = t.compute();
        assertThat(truth.signEventTiming().exact()).isTrue();
        assertThat(truth.windows().get(0).windowStart()).isZero();
    }

    @Test
    void signEventsStraddlingAWindowEdgeOrAClockSkewAreApproximate() {
        GroundTruth t = new GroundTruth();
        t.signEvents(EventType.USER_SIGNED_OUT, List.of("c"), "u", answered(29_990, 30_005));
        Report.Truth truth = t.compute();
        assertThat(truth.signEventTiming().exact()).isFalse();
        assertThat(truth.signEventTiming().approximateEvents()).isEqualTo(1);
        assertThat(truth.windows().get(0).windowStart()).isEqualTo(30_000);
        assertThat(truth.windows().get(0).approximateSignEvents()).isEqualTo(1);

        GroundTruth skewed = new GroundTruth();
        skewed.interaction(EventType.POST_CREATED, "c", "u", "p", 5_000, answered(1_000, 1_010));
        assertThat(skewed.compute().signEventTiming().clockViolations()).isEqualTo(1);
        assertThat(skewed.compute().signEventTiming().exact()).isFalse();
    }

    @Test
    void aRetriedRequestAnsweredWithItsFirstAttemptsEventIsNoClockViolation() {
        GroundTruth t = new GroundTruth();
        var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("occurredAt", 10_050);
        // first attempt sent at 10 000 (edge-api stored its event at 10 050, then Kafka failed: 503), the retry with
        // the same key sent at 14 000 gets that event back
        ApiResponse retried = new ApiResponse(200, body, 14_000, 14_020, 1, null, 2, 10_000);
        t.signEvents(EventType.USER_SIGNED_IN, List.of("c"), "u", retried);
        t.interaction(
                EventType.POST_LIKED,
                "c",
                "u",
                "p",
                10_050,
                new ApiResponse(202, body, 14_000, 14_020, 1, null, 2, 10_000));
        assertThat(t.compute().signEventTiming().clockViolations()).isZero();
        assertThat(t.compute().signEventTiming().exact()).isTrue();

        GroundTruth before = new GroundTruth();
        before.interaction(
                EventType.POST_LIKED,
                "c",
                "u",
                "p",
                9_000,
                new ApiResponse(202, body, 14_000, 14_020, 1, null, 2, 10_000));
        assertThat(before.compute().signEventTiming().clockViolations())
                .as("before the first attempt")
                .isEqualTo(1);
    }

    private static ApiResponse signAnswer(long occurredAt) {
        var body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance
                .objectNode()
                .put("occurredAt", occurredAt);
        return new ApiResponse(200, body, occurredAt, occurredAt + 5, 1, null, 1, occurredAt);
    }

    @Test
    void theSignedInGaugeCountsUsersWithAnOpenSessionAtEachWindowsEnd() {
        GroundTruth t = new GroundTruth();
        // window [0, 30 s): ann in facebook and twitter (one token), bob in facebook; cyd's token expires at 40 s
        t.signEvents(
                EventType.USER_SIGNED_IN, List.of("facebook", "twitter"), "ann", signAnswer(1_000), "ann-1", 100_000);
        t.signEvents(EventType.USER_SIGNED_IN, List.of("facebook"), "bob", signAnswer(2_000), "bob-1", 100_000);
        t.signEvents(EventType.USER_SIGNED_IN, List.of("facebook"), "cyd", signAnswer(3_000), "cyd-1", 40_000);
        // window [30 s, 60 s): ann takes a second token and signs the first out; bob signs out
        t.signEvents(
                EventType.USER_SIGNED_IN, List.of("facebook", "twitter"), "ann", signAnswer(31_000), "ann-2", 100_000);
        t.signEvents(EventType.USER_SIGNED_OUT, List.of("facebook", "twitter"), "ann", signAnswer(32_000), "ann-1", 0);
        t.signEvents(EventType.USER_SIGNED_OUT, List.of("facebook"), "bob", signAnswer(33_000), "bob-1", 0);

        assertThat(t.compute().windows())
                .extracting(w -> w.communityId() + "@" + w.windowStart() + "=" + w.signedIn())
                .containsExactly(
                        "all@0=3", "all@30000=1", "facebook@0=3", "facebook@30000=1", "twitter@0=1", "twitter@30000=1");
    }
}
