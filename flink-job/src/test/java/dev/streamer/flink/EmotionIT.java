package dev.streamer.flink;

import static dev.streamer.flink.JobHarness.await;
import static dev.streamer.flink.JobHarness.uuid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Emotion;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.PostPayload;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.WindowResult;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The real emotion model (module models, ONNX Runtime) in the job: posts carry a label and scores, windows count them. */
class EmotionIT {

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(JobHarness.miniCluster());

    private static final long T0 = 1_800_000_000_000L;

    @Test
    void postsCarryTheModelsLabelAndScores() throws Exception {
        Map<String, String> texts = new LinkedHashMap<>();
        texts.put(uuid(), "I love this so much, best day of my life!");
        texts.put(uuid(), "This is disgusting, I am so angry right now.");
        texts.put(uuid(), "I am terrified, something is moving in the dark.");
        texts.put(uuid(), "The meeting is at 10am in room 4.");
        String author = uuid();
        try (JobHarness job = new JobHarness(1);
                TopicWatcher<FeedPost> feed =
                        new TopicWatcher<>(job.kafka.consumer(), job.feed, ResultCodec::decodeFeedPost);
                TopicWatcher<WindowResult> windows =
                        new TopicWatcher<>(job.kafka.consumer(), job.analytics, ResultCodec::decodeWindowResult)) {
            job.insertUsers(author);
            job.start("--emotion", "on", "--parallelism", "1", "--idle-after", "10min");
            long t = T0;
            for (Map.Entry<String, String> e : texts.entrySet()) {
                job.send(ActivityEvent.postCreated(
                        uuid(),
                        "instagram",
                        author,
                        e.getKey(),
                        t += 1_000,
                        new PostPayload(e.getValue(), null, "writer")));
            }
            job.send(ActivityEvent.signedIn(uuid(), "instagram", author, T0 + 40_000)); // closes the first window

            List<Map<String, Object>> rows = await("4 classified posts", Duration.ofSeconds(90), () -> {
                List<Map<String, Object>> r = job.rows("SELECT * FROM posts");
                return r.size() == texts.size() ? r : null;
            });
            long[] counts = new long[Emotion.ALL.size()];
            for (Map<String, Object> row : rows) {
                double[] scores = Emotion.ALL.stream()
                        .mapToDouble(e -> (Double) row.get("score_" + e.label()))
                        .toArray();
                assertThat(Arrays.stream(scores).sum()).isCloseTo(1.0, within(1e-3));
                Emotion label = Emotion.fromLabel((String) row.get("emotion"));
                assertThat(scores[label.ordinal()])
                        .isEqualTo(Arrays.stream(scores).max().orElseThrow());
                counts[label.ordinal()]++;
                System.out.printf(
                        "%s -> %s %s%n", texts.get((String) row.get("id")), label.label(), Arrays.toString(scores));
            }
            assertThat(Emotion.fromLabel((String) rows.stream()
                            .filter(r -> texts.get((String) r.get("id")).startsWith("I love"))
                            .findFirst()
                            .orElseThrow()
                            .get("emotion")))
                    .isEqualTo(Emotion.JOY);

            await(
                    "posts on the feed topic",
                    Duration.ofSeconds(10),
                    () -> feed.values().size() >= texts.size() ? Boolean.TRUE : null);
            for (FeedPost p : feed.values()) {
                assertThat(p.emotion()).isNotNull();
                assertThat(p.emotionScores()).isNotNull();
                assertThat(p.emotionScores().get(p.emotion()))
                        .isEqualTo(
                                Arrays.stream(p.emotionScores().toArray()).max().orElseThrow());
            }

            WindowResult window = await(
                    "the window of the posts",
                    Duration.ofSeconds(20),
                    () -> windows.values().stream()
                            .filter(w -> w.communityId().equals("instagram") && w.windowStart() == T0)
                            .findFirst()
                            .orElse(null));
            assertThat(window.posts()).isEqualTo(texts.size());
            for (Emotion e : Emotion.ALL) {
                assertThat(window.emotions().get(e)).as(e.label()).isEqualTo(counts[e.ordinal()]);
            }
        }
    }
}
