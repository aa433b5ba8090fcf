package dev.streamer.contract;

/** A probability per {@link Emotion}; the scores of one post sum to about 1. */
public record EmotionScores(
        double anger, double disgust, double fear, double joy, double sadness, double surprise, double neutral) {

    /** Scores in {@link Emotion#ALL} order. */
    public static EmotionScores of(double[] scores) {
        if (scores.length != Emotion.ALL.size()) {
            throw new IllegalArgumentException("expected " + Emotion.ALL.size() + " scores, got " + scores.length);
        }
        return new EmotionScores(scores[0], scores[1], scores[2], scores[3], scores[4], scores[5], scores[6]);
    }

    public double get(Emotion emotion) {
        return switch (emotion) {
            case ANGER -> anger;
            case DISGUST -> disgust;
            case FEAR -> fear;
            case JOY -> joy;
            case SADNESS -> sadness;
            case SURPRISE -> surprise;
            case NEUTRAL -> neutral;
        };
    }

    public double[] toArray() {
        return new double[] {anger, disgust, fear, joy, sadness, surprise, neutral};
    }
}
