package dev.streamer.flink.emotion;

import java.io.Serializable;

/**
 * Serializable recipe for a {@link PostClassifier}: the job graph carries the factory, each subtask calls
 * {@link #open()} in its {@code open()} so that no model is ever loaded in a static or on the client.
 */
public interface PostClassifierFactory extends Serializable {

    PostClassifier open();

    /** For logs and the job name. */
    String describe();
}
