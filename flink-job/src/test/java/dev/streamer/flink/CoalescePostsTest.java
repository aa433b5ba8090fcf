package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.FeedPost;
import dev.streamer.flink.functions.CoalescePosts;
import java.time.Duration;
import java.util.List;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class CoalescePostsTest {

    private OneInputStreamOperatorTestHarness<FeedPost, FeedPost> harness;

    @BeforeEach
    void open() throws Exception {
        harness = new OneInputStreamOperatorTestHarness<>(new CoalescePosts(Duration.ofMillis(200)));
        harness.setProcessingTime(1_000);
        harness.open();
    }

    private static FeedPost post(String id, long likes, long version) {
        return new FeedPost(id, "facebook", "author", "ann", "text", null, 1L, null, null, likes, 0, 0, version);
    }

    private List<String> emitted() {
        return harness.extractOutputValues().stream()
                .map(p -> p.postId() + "@" + p.version())
                .toList();
    }

    @Test
    void passesOnTheLatestVersionOfEachPostOncePerInterval() throws Exception {
        harness.processElement(post("a", 1, 2), 0);
        harness.processElement(post("b", 0, 1), 0);
        harness.processElement(post("a", 2, 3), 0);
        harness.setProcessingTime(1_199);
        assertThat(emitted()).isEmpty();

        harness.setProcessingTime(1_200);
        assertThat(emitted()).containsExactly("a@3", "b@1");
        assertThat(harness.extractOutputValues().get(0).likes()).isEqualTo(2);

        harness.processElement(post("a", 3, 4), 0);
        harness.setProcessingTime(1_400);
        assertThat(emitted()).containsExactly("a@3", "b@1", "a@4");
        harness.setProcessingTime(5_000);
        assertThat(emitted()).as("nothing changed, nothing sent").hasSize(3);
    }

    @Test
    void holdsNothingAcrossACheckpointBarrier() throws Exception {
        harness.processElement(post("a", 1, 2), 0);
        harness.prepareSnapshotPreBarrier(1);
        assertThat(emitted()).containsExactly("a@2");
        harness.setProcessingTime(2_000);
        assertThat(emitted()).as("the timer finds nothing left").containsExactly("a@2");
    }

    @Test
    void emitsWhatIsLeftAtTheEndOfABoundedInput() throws Exception {
        harness.processElement(post("a", 1, 2), 0);
        harness.processElement(post("a", 1, 3), 0);
        harness.endInput();
        assertThat(emitted()).containsExactly("a@3");
    }
}
