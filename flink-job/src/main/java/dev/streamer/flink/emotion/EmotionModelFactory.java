package dev.streamer.flink.emotion;

import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionResult;
import dev.streamer.models.ModelConfig;
import java.nio.file.Path;

/**
 * The real emotion model of module {@code models/inference}: the fine-tuned MiniLM encoder (int8 ONNX) on ONNX
 * Runtime with its tokenizer and head, shipped inside that jar. Loading it sets no system property and writes no
 * file, so it is safe in a TaskManager shared with other jobs.
 */
public final class EmotionModelFactory implements PostClassifierFactory {

    private static final long serialVersionUID = 1L;

    /** Folder of another model written by {@code bin/streamer model train}; null means the shipped model. */
    private final String modelDir;

    public EmotionModelFactory(String modelDir) {
        this.modelDir = modelDir;
    }

    @Override
    public PostClassifier open() {
        ModelConfig config = ModelConfig.defaults().withIntraOpThreads(1);
        if (modelDir != null) {
            config = config.withModelDir(Path.of(modelDir));
        }
        EmotionClassifier classifier = EmotionClassifier.load(config);
        return new PostClassifier() {
            @Override
            public Classification classify(String text) {
                EmotionResult r = classifier.classify(text);
                float[] f = r.scores();
                double[] scores = new double[f.length];
                for (int i = 0; i < f.length; i++) {
                    scores[i] = f[i];
                }
                return new Classification(r.label(), scores);
            }

            @Override
            public void close() {
                classifier.close();
            }
        };
    }

    @Override
    public String describe() {
        return "emotion model (models/inference: fine-tuned MiniLM int8 on ONNX Runtime"
                + (modelDir != null ? ", " + modelDir : "") + ")";
    }
}
