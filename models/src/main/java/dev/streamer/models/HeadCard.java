package dev.streamer.models;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The model card written next to the head parameters ({@code model-card.json}): what the head needs to be
 * rebuilt (encoder, hidden size) and how it was made and how well it does (data hashes, seed, metrics, date).
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record HeadCard(
        String name,
        String created,
        String encoder,
        String encoderArtifact,
        int maxTokens,
        int hidden,
        float dropout,
        List<String> labels,
        String params,
        long seed,
        Map<String, Object> training,
        Map<String, String> dataSha256,
        String multiLabelPolicy,
        Map<String, Object> dev,
        Map<String, Object> test) {

    /** File name of the card in the head folder. */
    public static final String FILE = "model-card.json";
    /** Classpath folder of the shipped head. */
    public static final String RESOURCE_DIR = "dev/streamer/models/head/";

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public static HeadCard read(InputStream in) throws IOException {
        return JSON.readValue(in, HeadCard.class);
    }

    public void write(Path file) throws IOException {
        ObjectNode node = JSON.valueToTree(this);
        JSON.writeValue(file.toFile(), node);
    }

    public EncoderKind encoderKind() {
        return EncoderKind.valueOf(encoder.toUpperCase(java.util.Locale.ROOT));
    }
}
