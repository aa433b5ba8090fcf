package dev.streamer.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.e2e.Stack.Result;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

/**
 * Issue 13, state survives stop and start: a post created before {@code bin/streamer down} / {@code up} keeps exact
 * counts for the likes, unlikes, comments and shares that come after, across a rescale 2 → 1 and back to 2 (each
 * {@code up} resumes from the savepoint {@code down} took). Leaves the stack up at parallelism 2, as .ci/run started it.
 */
@Order(2)
class StateAcrossRestartIT {

    static final Duration SETTLE = Duration.ofSeconds(120);

    @Test
    void countsOfAPostCreatedBeforeDownAndUpStayExactAcrossARescale() throws Exception {
        TrackedPost post = TrackedPost.create("restart", 4);
        post.like(post.member(0));
        post.like(post.member(1));
        post.comment(post.member(2));
        post.share(post.member(3));
        post.awaitExact(SETTLE);

        long started = System.nanoTime();
        Result down = Stack.down();
        assertThat(down.stdout())
                .as("down stops the job with a savepoint and says where it is")
                .containsPattern("stopped flink job [0-9a-f]+ with a savepoint in \\d+ s: \\S+/savepoint-");
        long downSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        started = System.nanoTime();
        Result up = Stack.up("--parallelism", "1");
        long upSeconds = (System.nanoTime() - started) / 1_000_000_000L;
        System.out.printf("measured: down %d s, up (resume at parallelism 1) %d s%n", downSeconds, upSeconds);
        assertThat(up.stdout())
                .as("up resumes from the savepoint down took")
                .containsPattern(
                        "resuming the job from the savepoint \\S+/savepoint-\\S+ \\(taken [^)]+\\) at parallelism 1");
        assertThat(Stack.jobParallelism(Stack.recordedJobId())).isEqualTo(1);

        post.unlike(post.member(0));
        post.like(post.member(2));
        post.comment(post.member(3));
        post.share(post.member(1));
        post.share(post.member(0));
        post.awaitExact(SETTLE);

        Stack.down();
        up = Stack.up("--parallelism", "2");
        assertThat(up.stdout()).contains("resuming the job from the savepoint").contains("at parallelism 2");
        assertThat(Stack.jobParallelism(Stack.recordedJobId())).isEqualTo(2);

        post.like(post.member(3));
        post.unlike(post.member(1));
        post.comment(post.member(0));
        post.share(post.member(2));
        post.awaitExact(SETTLE);
        assertThat(post.expected().likes())
                .as("the scenario ends with likes from members 2 and 3")
                .isEqualTo(2);
    }
}
