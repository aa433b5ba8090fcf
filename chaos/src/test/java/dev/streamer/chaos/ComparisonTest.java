package dev.streamer.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.generator.Report;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class ComparisonTest {

    private static final List<Long> TWO_JOY = List.of(0L, 0L, 0L, 2L, 0L, 0L, 0L);

    private static Report.Truth truth() {
        return new Report.Truth(
                9,
                Map.of(),
                0,
                0,
                new Report.SignEventTiming("", 0, 0, true),
                List.of(
                        new Report.WindowCounts("all", 0, 30_000, 3, 2, 3, 0, 1, 1, 1, 0, 0),
                        new Report.WindowCounts("facebook", 0, 30_000, 3, 2, 3, 0, 1, 1, 1, 0, 0)),
                List.of(new Report.PostCounts(
                        "p1", "facebook", "u1", 10, 2, 1, 1, List.of("u2", "u3"), List.of("c1"))));
    }

    private static StoredState.Window row(String community, long posts, long likes) {
        return new StoredState.Window(community, 0, 30_000, 3, posts, likes, 1, 1, TWO_JOY, 0, 7);
    }

    private static StoredState stored(Map<String, StoredState.Window> windows, StoredState.Post post) {
        return new StoredState(windows, post == null ? Map.of() : Map.of(post.postId(), post));
    }

    private static StoredState.Post post(long likes, String... likers) {
        return new StoredState.Post("p1", likes, 1, 1, new TreeSet<>(List.of(likers)), new TreeSet<>(List.of("c1")));
    }

    @Test
    void equalRowsAreExact() {
        Map<String, StoredState.Window> rows =
                new TreeMap<>(Map.of("all@0", row("all", 2, 3), "facebook@0", row("facebook", 2, 3)));
        Comparison c = Comparison.of(truth(), stored(rows, post(2, "u2", "u3")));
        assertThat(c.mismatches()).isEmpty();
        assertThat(c.exact()).isTrue();
        assertThat(c.windows()).isEqualTo(2);
        assertThat(c.posts()).isEqualTo(1);
        assertThat(c.lost()).isZero();
        assertThat(c.doubled()).isZero();
    }

    @Test
    void aLikeCountedTwiceIsDoubledAndAMissingPostIsLost() {
        Map<String, StoredState.Window> rows =
                new TreeMap<>(Map.of("all@0", row("all", 2, 4), "facebook@0", row("facebook", 2, 4)));
        Comparison doubled = Comparison.of(truth(), stored(rows, post(2, "u2", "u3")));
        assertThat(doubled.exact()).isFalse();
        assertThat(doubled.doubled())
                .as("the community row only: all is its sum")
                .isEqualTo(1);
        assertThat(doubled.mismatches())
                .anySatisfy(m -> assertThat(m).contains("facebook@0").contains("likes 4 (expected 3)"));

        Comparison lost = Comparison.of(truth(), stored(rows, null));
        assertThat(lost.lost())
                .as("the post and its 2 likes, 1 comment, 1 share")
                .isEqualTo(5);
        assertThat(lost.mismatches()).anySatisfy(m -> assertThat(m).contains("post p1: not in MySQL"));
    }

    @Test
    void wrongLikersAMissingRowAndAnExtraRowAreMismatches() {
        Map<String, StoredState.Window> rows =
                new TreeMap<>(Map.of("all@0", row("all", 2, 3), "twitter@0", row("twitter", 1, 0)));
        Comparison c = Comparison.of(truth(), stored(rows, post(2, "u2", "u4")));
        assertThat(c.mismatches()).anySatisfy(m -> assertThat(m).contains("facebook@0: no row"));
        assertThat(c.mismatches()).anySatisfy(m -> assertThat(m).contains("twitter@0: a row the truth does not have"));
        assertThat(c.mismatches())
                .anySatisfy(m -> assertThat(m).contains("post_likes users [u2, u4] (expected [u2, u3])"));
        assertThat(c.lost()).isEqualTo(7);
        assertThat(c.doubled()).isEqualTo(3);
    }

    @Test
    void anUnlabelledPostIsAMismatch() {
        StoredState.Window unlabelled =
                new StoredState.Window("facebook", 0, 30_000, 3, 2, 3, 1, 1, List.of(0L, 0L, 0L, 1L, 0L, 0L, 0L), 0, 7);
        Map<String, StoredState.Window> rows =
                new TreeMap<>(Map.of("all@0", row("all", 2, 3), "facebook@0", unlabelled));
        assertThat(Comparison.of(truth(), stored(rows, post(2, "u2", "u3"))).mismatches())
                .containsExactly("window facebook@0: labelled posts (emotion mix) 1 (expected 2)");
    }

    @Test
    void aRangeComparesOnlyItsWindowsAndNoPosts() {
        Comparison c = Comparison.windowsBetween(truth(), stored(Map.of(), null), 60_000, 90_000);
        assertThat(c.exact()).isTrue();
        assertThat(c.windows()).isZero();
        assertThat(c.posts()).isZero();
    }

    @Test
    void theSignedInGaugeIsTheTruthsSessionsPlusThoseOpenBeforeTheRun() {
        Report.Truth truth = new Report.Truth(
                9,
                Map.of(),
                0,
                0,
                new Report.SignEventTiming("", 0, 0, true),
                List.of(new Report.WindowCounts("facebook", 0, 30_000, 3, 2, 3, 0, 1, 1, 1, 0, 0, 2)),
                List.of());
        StoredState.Window row = new StoredState.Window("facebook", 0, 30_000, 3, 5, 2, 3, 1, 1, TWO_JOY, 0, 7);
        StoredState threeBefore = new StoredState(Map.of("facebook@0", row), Map.of(), Map.of("facebook", 3L));
        assertThat(Comparison.of(truth, threeBefore).mismatches()).isEmpty();

        StoredState noneBefore = new StoredState(Map.of("facebook@0", row), Map.of(), Map.of());
        assertThat(Comparison.of(truth, noneBefore).mismatches())
                .singleElement()
                .asString()
                .contains("signedIn 5 (expected 2)");
    }
}
