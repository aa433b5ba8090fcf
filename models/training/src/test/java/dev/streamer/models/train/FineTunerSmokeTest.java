package dev.streamer.models.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionResult;
import dev.streamer.models.ModelConfig;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny fine-tuning run (top layer and head, 96 training rows, one epoch) end to end: the same seed gives
 * bit-identical weights twice, training moves the weights, and the exported folder loads in
 * {@link EmotionClassifier} and classifies.
 */
class FineTunerSmokeTest {

    @Test
    void sameSeedSameWeightsAndTheExportLoads(@TempDir Path dir) throws Exception {
        GoEmotions data = GoEmotions.open(GoEmotions.resolveDir(null));
        List<GoEmotions.Row> train = data.rows(GoEmotions.Split.TRAIN).subList(0, 96);
        List<GoEmotions.Row> dev = data.rows(GoEmotions.Split.DEV).subList(0, 48);
        List<GoEmotions.Row> test = data.rows(GoEmotions.Split.TEST).subList(0, 16);
        FineTuner.Options options = new FineTuner.Options(7, 1, 1, 2, 2, 2e-4f, 0.01f, 0.1f, 16, 0.1f, 64, 0, 0);
        FineTuner.Result a = new FineTuner(options, System.out).train(train, dev, test);
        FineTuner.Result b = new FineTuner(options, System.out).train(train, dev, test);

        assertThat(a.layers().keySet())
                .hasSize(MiniLm.LAYER_PARAMS.size())
                .allMatch(n -> n.startsWith("encoder.layer.5."));
        for (Map.Entry<String, float[]> e : a.layers().entrySet()) {
            assertThat(b.layers().get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(b.head().weight()).isEqualTo(a.head().weight());
        assertThat(b.head().bias()).isEqualTo(a.head().bias());
        OnnxGraph base = OnnxGraph.read(BaseModel.FLOAT.bytes());
        assertThat(a.layers().get("encoder.layer.5.output.dense.bias"))
                .isNotEqualTo(base.floats("encoder.layer.5.output.dense.bias"));

        ModelExport.write(dir, ModelExport.int8Encoder(a.layers()), a.head());
        ModelExport.writeCard(dir, Map.of("name", "smoke", "labels", a.head().labels(), "maxTokens", 64));
        try (EmotionClassifier classifier =
                EmotionClassifier.load(ModelConfig.defaults().withModelDir(dir))) {
            EmotionResult r = classifier.classify("I love this so much, thank you!");
            float sum = 0;
            for (float s : r.scores()) {
                sum += s;
            }
            assertThat(sum).isCloseTo(1f, org.assertj.core.api.Assertions.within(1e-3f));
            assertThat(classifier.card().maxTokens()).isEqualTo(64);
        }
    }
}
