package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Emotion;
import dev.streamer.contract.EventType;
import dev.streamer.contract.PostPayload;
import dev.streamer.flink.emotion.PostClassifier;
import dev.streamer.flink.emotion.PostClassifierFactory;
import dev.streamer.flink.functions.ClassifyPosts;
import dev.streamer.flink.records.Activity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The emotion step on a MiniCluster with a classifier whose answers take uneven times: posts are labelled on several
 * threads, yet every event leaves in the order it came (a like never overtakes its post), and a post the model does not
 * answer passes unlabelled after the timeout without failing the job.
 */
class ClassifyPostsTest {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private static final long T = 1_800_000_000_000L;

    /** Labels "joy …" JOY and everything else SADNESS, after a pause the text names ("hang" never answers). */
    static final class SlowClassifier implements PostClassifierFactory {
        private static final long serialVersionUID = 1L;

        @Override
        public PostClassifier open() {
            return new PostClassifier() {
                @Override
                public Classification classify(String text) {
                    try {
                        Thread.sleep(text.contains("hang") ? Long.MAX_VALUE : Long.parseLong(text.split(" ")[1]));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException("interrupted", e);
                    }
                    double[] scores = new double[Emotion.ALL.size()];
                    Emotion label = text.startsWith("joy") ? Emotion.JOY : Emotion.SADNESS;
                    scores[label.ordinal()] = 1;
                    return new Classification(label, scores);
                }

                @Override
                public void close() {}
            };
        }

        @Override
        public String describe() {
            return "a slow test classifier";
        }
    }

    private static Activity post(String postId, String text, long at) {
        return Activity.of(
                ActivityEvent.postCreated(
                        UUID.randomUUID().toString(), "reddit", "u", postId, at, new PostPayload(text, null, "u")),
                at);
    }

    private static Activity like(String postId, long at) {
        return Activity.of(
                ActivityEvent.interaction(
                        UUID.randomUUID().toString(), EventType.POST_LIKED, "reddit", "u2", postId, at),
                at);
    }

    private static List<Activity> run(List<Activity> in, Duration timeout) throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.setParallelism(1);
        CollectingSink<Activity> out = new CollectingSink<>();
        ClassifyPosts.labelled(env.fromData(in), new SlowClassifier(), 4, 50, timeout)
                .sinkTo(out);
        env.execute("classify-posts-test");
        return out.values();
    }

    @Test
    void postsLabelledOnManyThreadsLeaveInTheOrderTheyCame() throws Exception {
        List<Activity> in = new ArrayList<>();
        long t = T;
        for (int i = 0; i < 40; i++) {
            // the earlier post of each pair takes longest: unordered, its like and the next posts would overtake it
            String postId = "p" + i;
            in.add(post(postId, (i % 2 == 0 ? "joy " : "sad ") + (i % 4 == 0 ? 60 : 1), t++));
            in.add(like(postId, t++));
        }
        List<Activity> out = run(in, Duration.ofSeconds(30));

        assertThat(out)
                .extracting(Activity::eventId)
                .containsExactlyElementsOf(in.stream().map(Activity::eventId).toList());
        for (Activity a : out) {
            if (a.type() == EventType.POST_CREATED) {
                assertThat(a.emotion())
                        .as(a.text())
                        .isEqualTo(a.text().startsWith("joy") ? Emotion.JOY : Emotion.SADNESS);
                assertThat(Arrays.stream(a.scores()).sum()).isEqualTo(1.0);
            } else {
                assertThat(a.emotion()).isNull();
            }
        }
    }

    @Test
    void aPostTheModelNeverAnswersPassesUnlabelledAfterTheTimeout() throws Exception {
        List<Activity> in = List.of(
                post("p1", "joy 1", T), post("p2", "sad hang", T + 1), like("p2", T + 2), post("p3", "joy 1", T + 3));
        List<Activity> out = run(in, Duration.ofMillis(500));

        assertThat(out).extracting(Activity::postId).containsExactly("p1", "p2", "p2", "p3");
        assertThat(out).extracting(Activity::emotion).containsExactly(Emotion.JOY, null, null, Emotion.JOY);
    }
}
