package dev.streamer.models;

import java.nio.file.Path;

/**
 * How to load an {@link EmotionClassifier}. Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * ModelConfig config = ModelConfig.defaults().withModelDir(Path.of("my-model"));
 * try (EmotionClassifier classifier = EmotionClassifier.load(config)) { ... }
 * }</pre>
 *
 * @param modelDir       folder holding {@code encoder.onnx}, {@code tokenizer.json}, {@code emotion-head.json} and
 *                       {@code model-card.json} (what {@code bin/streamer model train} writes); {@code null} means
 *                       the model shipped as a resource of this module
 * @param intraOpThreads ONNX Runtime intra-op threads per session (1: run on the caller's thread, no spinning)
 * @param maxTokens      truncation length of the tokenizer; 0 means the model card's
 */
public record ModelConfig(Path modelDir, int intraOpThreads, int maxTokens) {

    public ModelConfig {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1");
        }
        if (maxTokens != 0 && maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be 0 (the card's) or >= 8");
        }
    }

    /** The shipped model, one intra-op thread, the card's token limit. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, 1, 0);
    }

    public ModelConfig withModelDir(Path value) {
        return new ModelConfig(value, intraOpThreads, maxTokens);
    }

    public ModelConfig withIntraOpThreads(int value) {
        return new ModelConfig(modelDir, value, maxTokens);
    }

    public ModelConfig withMaxTokens(int value) {
        return new ModelConfig(modelDir, intraOpThreads, value);
    }
}
