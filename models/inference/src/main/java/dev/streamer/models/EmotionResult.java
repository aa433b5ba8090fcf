package dev.streamer.models;

import dev.streamer.contract.Emotion;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;

/**
 * One classification: the winning label and the probabilities of all seven emotions.
 *
 * @param label  the most probable emotion
 * @param scores probabilities in {@link Emotion#ALL} order (anger, disgust, fear, joy, sadness, surprise, neutral); sum 1
 */
public record EmotionResult(Emotion label, float[] scores) {

    public EmotionResult {
        scores = scores.clone();
    }

    static EmotionResult of(float[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return new EmotionResult(Emotion.ALL.get(best), probabilities);
    }

    /** The probability of the winning label. */
    public float score() {
        return scores[label.ordinal()];
    }

    public float score(Emotion emotion) {
        return scores[emotion.ordinal()];
    }

    @Override
    public float[] scores() {
        return scores.clone();
    }

    /** The scores keyed by emotion. */
    public Map<Emotion, Float> scoreMap() {
        Map<Emotion, Float> map = new EnumMap<>(Emotion.class);
        for (Emotion e : Emotion.ALL) {
            map.put(e, scores[e.ordinal()]);
        }
        return map;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EmotionResult r && r.label == label && Arrays.equals(r.scores, scores);
    }

    @Override
    public int hashCode() {
        return 31 * label.hashCode() + Arrays.hashCode(scores);
    }

    @Override
    public String toString() {
        return "EmotionResult[" + label.label() + " " + scoreMap() + "]";
    }
}
