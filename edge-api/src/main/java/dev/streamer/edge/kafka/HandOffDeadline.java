package dev.streamer.edge.kafka;

import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * The value serializer of the activity channel: writes the event's bytes unchanged, but refuses a record whose
 * request can no longer be answered with its acknowledgement. SmallRye hands records to the producer one after the
 * other on one sending thread, and with the broker gone each hand-off may block up to {@code max.block.ms}; a record
 * that waited there (or in the emitter's buffer) past its deadline was already answered 503, so it must not reach the
 * topic later. Kafka serializes after the metadata wait and before the record is appended, and SmallRye treats a
 * {@link SerializationException} as final (no retry): the message is nacked.
 */
public class HandOffDeadline implements Serializer<HandOffDeadline.Pending> {

    /** An encoded event and the {@link System#nanoTime()} by which it must be handed to the producer. */
    public record Pending(byte[] value, long deadlineNanos) {}

    @Override
    public byte[] serialize(String topic, Pending pending) {
        if (pending == null) {
            return null;
        }
        if (System.nanoTime() - pending.deadlineNanos() > 0) {
            throw new SerializationException("not handed to the producer in time; its request was answered already");
        }
        return pending.value();
    }
}
