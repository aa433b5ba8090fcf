package dev.streamer.flink.records;

/**
 * What the Kafka source produces for one record: the decoded {@code activity}, or the {@code rejected} record when it
 * broke the contract (exactly one of the two is set).
 */
public record Incoming(Activity activity, Rejected rejected) {

    public static Incoming accepted(Activity activity) {
        return new Incoming(activity, null);
    }

    public static Incoming rejected(Rejected rejected) {
        return new Incoming(null, rejected);
    }
}
