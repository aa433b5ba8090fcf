package dev.streamer.models.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.streamer.models.EmotionClassifier;
import dev.streamer.models.EmotionHead;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a trained model as the folder {@link EmotionClassifier} loads: the int8 MiniLM graph with the trained
 * layers' initializers replaced (weights quantised by {@link Int8Weights}, biases and LayerNorm parameters as
 * float), the tokenizer, the head and (later, with the metrics) the model card.
 */
public final class ModelExport {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ModelExport() {}

    /** The int8 graph's bytes with {@code layers} (HuggingFace names, float values in ONNX layout) written in. */
    public static byte[] int8Encoder(Map<String, float[]> layers) throws IOException {
        OnnxGraph int8 = OnnxGraph.read(BaseModel.INT8.bytes());
        Map<String, String> matMuls = int8.matMulWeights();
        Map<String, byte[]> raw = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> e : layers.entrySet()) {
            String q = matMuls.get(e.getKey());
            if (q != null) {
                long[] dims = int8.dims(q + "_quantized");
                Int8Weights.Quantised w = Int8Weights.quantise(e.getValue(), (int) dims[0], (int) dims[1]);
                raw.put(q + "_quantized", w.values());
                raw.put(q + "_scale", OnnxGraph.raw(w.scales()));
            } else {
                raw.put(e.getKey(), OnnxGraph.raw(e.getValue()));
            }
        }
        return int8.withInitializers(raw);
    }

    public static void write(Path dir, byte[] encoder, EmotionHead head) throws IOException {
        Files.createDirectories(dir);
        atomicWrite(dir.resolve(EmotionClassifier.ENCODER_FILE), encoder);
        atomicWrite(dir.resolve(EmotionClassifier.TOKENIZER_FILE), BaseModel.TOKENIZER.bytes());
        atomicWrite(dir.resolve(EmotionClassifier.HEAD_FILE), JSON.writeValueAsBytes(head));
    }

    public static void writeCard(Path dir, Map<String, Object> card) throws IOException {
        atomicWrite(dir.resolve(EmotionClassifier.CARD_FILE), JSON.writeValueAsBytes(card));
    }

    static void atomicWrite(Path file, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
