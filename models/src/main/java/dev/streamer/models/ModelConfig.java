package dev.streamer.models;

import java.nio.file.Path;

/**
 * How to load an {@link EmotionClassifier}. Start from {@link #defaults()} and change what you need:
 * <pre>{@code
 * ModelConfig config = ModelConfig.defaults().withIntraOpThreads(1);
 * try (EmotionClassifier classifier = EmotionClassifier.load(config)) { ... }
 * }</pre>
 *
 * @param encoder         which ONNX encoder; {@code null} means the one the head was trained on (its model card)
 * @param headDir         folder holding {@code emotion-head.params} and {@code model-card.json}; {@code null}
 *                        means the head shipped as a resource of this module
 * @param cacheDir        DJL cache folder ({@code DJL_CACHE_DIR}); {@code null} means the default, see
 *                        {@link ModelEnvironment}
 * @param tmpDir          {@code java.io.tmpdir} to use; {@code null} means the default, see {@link ModelEnvironment}
 * @param intraOpThreads  ONNX Runtime intra-op threads per session (1: run on the caller's thread, no spinning)
 * @param maxTokens       truncation length of the tokenizer
 */
public record ModelConfig(EncoderKind encoder, Path headDir, Path cacheDir, Path tmpDir, int intraOpThreads,
                          int maxTokens) {

    public static final int DEFAULT_MAX_TOKENS = 128;

    public ModelConfig {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intraOpThreads must be >= 1");
        }
        if (maxTokens < 8) {
            throw new IllegalArgumentException("maxTokens must be >= 8");
        }
    }

    /** Shipped head and its encoder, default folders, one intra-op thread, 128 tokens. */
    public static ModelConfig defaults() {
        return new ModelConfig(null, null, null, null, 1, DEFAULT_MAX_TOKENS);
    }

    public ModelConfig withEncoder(EncoderKind value) {
        return new ModelConfig(value, headDir, cacheDir, tmpDir, intraOpThreads, maxTokens);
    }

    public ModelConfig withHeadDir(Path value) {
        return new ModelConfig(encoder, value, cacheDir, tmpDir, intraOpThreads, maxTokens);
    }

    public ModelConfig withCacheDir(Path value) {
        return new ModelConfig(encoder, headDir, value, tmpDir, intraOpThreads, maxTokens);
    }

    public ModelConfig withTmpDir(Path value) {
        return new ModelConfig(encoder, headDir, cacheDir, value, intraOpThreads, maxTokens);
    }

    public ModelConfig withIntraOpThreads(int value) {
        return new ModelConfig(encoder, headDir, cacheDir, tmpDir, value, maxTokens);
    }

    public ModelConfig withMaxTokens(int value) {
        return new ModelConfig(encoder, headDir, cacheDir, tmpDir, intraOpThreads, value);
    }
}
