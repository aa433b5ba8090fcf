package dev.streamer.flink.emotion;

import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionResult;
import dev.streamer.models.ModelConfig;

import java.nio.file.Path;

/**
 * The real emotion model of module {@code models}: MiniLM encoder on ONNX Runtime and the trained head shipped in
 * that module, loaded offline.
 */
public final class EmotionModelFactory implements PostClassifierFactory {

    private static final long serialVersionUID = 1L;

    /** Folder for DJL's cache; null means the models module's default. */
    private final String cacheDir;

    public EmotionModelFactory(String cacheDir) {
        this.cacheDir = cacheDir;
    }

    @Override
    public PostClassifier open() {
        ModelConfig config = ModelConfig.defaults().withIntraOpThreads(1);
        if (cacheDir != null) {
            config = config.withCacheDir(Path.of(cacheDir));
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
        return "emotion model (models module, ONNX Runtime)";
    }
}
