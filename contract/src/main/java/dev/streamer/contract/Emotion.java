package dev.streamer.contract;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Locale;

/** The seven emotion labels (Ekman's six plus neutral), in the fixed order used by model outputs and tables. */
public enum Emotion {
    ANGER,
    DISGUST,
    FEAR,
    JOY,
    SADNESS,
    SURPRISE,
    NEUTRAL;

    public static final List<Emotion> ALL = List.of(values());

    /** The lower-case name used in JSON, on the command line and in column names. */
    @JsonValue
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static Emotion fromLabel(String label) {
        if (label == null) {
            throw new IllegalArgumentException("emotion label is null");
        }
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
