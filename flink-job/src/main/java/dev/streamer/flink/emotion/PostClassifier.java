package dev.streamer.flink.emotion;

import dev.streamer.contract.Emotion;

/** Labels the text of a post. One instance per subtask, opened in {@code open()}; {@link #classify} may be called from several threads at once. */
public interface PostClassifier extends AutoCloseable {

    /** The label and the seven scores in {@link Emotion#ALL} order. */
    record Classification(Emotion label, double[] scores) {}

    Classification classify(String text);

    @Override
    void close();
}
