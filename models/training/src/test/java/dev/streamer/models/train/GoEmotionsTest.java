package dev.streamer.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.Emotion;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GoEmotionsTest {

    @Test
    void parsesQuotedFieldsMapsToEkmanAndDropsMultiClassRows(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("emotions.txt"), String.join("\n", "anger", "joy", "amusement", "neutral"));
        Files.writeString(
                dir.resolve("ekman_mapping.json"), "{\"anger\": [\"anger\"], \"joy\": [\"joy\", \"amusement\"]}");
        String tsv = String.join(
                        "\n",
                        "I am mad\t0\tid1",
                        "\"He said \"\"haha\"\" twice\"\t1,2\tid2",
                        "mixed feelings\t0,1\tid3",
                        "just a fact\t3\tid4")
                + "\n";
        for (String f : List.of("train.tsv", "dev.tsv", "test.tsv")) {
            Files.writeString(dir.resolve(f), tsv, StandardCharsets.UTF_8);
        }
        GoEmotions.Loaded loaded = GoEmotions.open(dir).load(GoEmotions.Split.DEV);
        assertThat(loaded.rows()).isEqualTo(4);
        assertThat(loaded.examples())
                .containsExactly(
                        new GoEmotions.Example("id1", "I am mad", Emotion.ANGER),
                        new GoEmotions.Example("id2", "He said \"haha\" twice", Emotion.JOY),
                        new GoEmotions.Example("id4", "just a fact", Emotion.NEUTRAL));
    }

    @Test
    void realFilesParseToTheDocumentedRowCounts() throws Exception {
        GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(null));
        assertThat(data.load(GoEmotions.Split.TEST).rows()).isEqualTo(5427);
        assertThat(data.load(GoEmotions.Split.DEV).rows()).isEqualTo(5426);
    }

    @Test
    void metrics() {
        Metrics m = new Metrics();
        m.add(Emotion.JOY, Emotion.JOY);
        m.add(Emotion.JOY, Emotion.ANGER);
        m.add(Emotion.ANGER, Emotion.ANGER);
        m.add(Emotion.NEUTRAL, Emotion.NEUTRAL);
        assertThat(m.accuracy()).isEqualTo(0.75);
        assertThat(m.f1(Emotion.JOY.ordinal()))
                .isCloseTo(2 * 1.0 * 0.5 / 1.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(m.f1(Emotion.ANGER.ordinal()))
                .isCloseTo(2 * 0.5 * 1.0 / 1.5, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(m.report()).contains("macro_f1=").contains("confusion matrix");
    }
}
