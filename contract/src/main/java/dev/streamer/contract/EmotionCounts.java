package dev.streamer.contract;

/** How many posts of a window carry each {@link Emotion}. */
public record EmotionCounts(long anger, long disgust, long fear, long joy, long sadness, long surprise, long neutral) {

    public static final EmotionCounts ZERO = new EmotionCounts(0, 0, 0, 0, 0, 0, 0);

    public long get(Emotion emotion) {
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

    /** These counts plus one post of {@code emotion}. */
    public EmotionCounts plus(Emotion emotion) {
        return new EmotionCounts(
                anger + (emotion == Emotion.ANGER ? 1 : 0),
                disgust + (emotion == Emotion.DISGUST ? 1 : 0),
                fear + (emotion == Emotion.FEAR ? 1 : 0),
                joy + (emotion == Emotion.JOY ? 1 : 0),
                sadness + (emotion == Emotion.SADNESS ? 1 : 0),
                surprise + (emotion == Emotion.SURPRISE ? 1 : 0),
                neutral + (emotion == Emotion.NEUTRAL ? 1 : 0));
    }

    public long total() {
        return anger + disgust + fear + joy + sadness + surprise + neutral;
    }
}
