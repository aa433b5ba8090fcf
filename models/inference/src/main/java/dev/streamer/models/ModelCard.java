package dev.streamer.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * The model card ({@code model-card.json}) next to the encoder and the head: what inference needs (labels, token
 * limit) and how the model was made and how well it does (base model, data hashes, seed, recipe, metrics, size,
 * speed). Training writes it; inference reads the fields it needs and keeps the rest for display.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record ModelCard(
        String name,
        String created,
        String base,
        List<String> labels,
        int maxTokens,
        String pooling,
        long seed,
        Map<String, Object> recipe,
        Map<String, Object> data,
        Map<String, Object> dev,
        Map<String, Object> test) {

    static final ObjectMapper JSON = new ObjectMapper();

    public static ModelCard read(InputStream in) throws IOException {
        return JSON.readValue(in, ModelCard.class);
    }
}
