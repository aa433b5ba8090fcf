package dev.streamer.contract;

import java.util.List;

/** Kafka topic names of the contract. Every producer and consumer takes its topic names from here. */
public final class Topics {
    /** Every user interaction, one {@link ActivityEvent} per record, keyed by community id. */
    public static final String ACTIVITY = "streamer.activity.v1";
    /** Activity records that failed to decode or validate, with the reason in headers and value. */
    public static final String ACTIVITY_DLQ = "streamer.activity.dlq.v1";
    /** Post state after every change ({@link FeedPost}), keyed by post id. */
    public static final String FEED = "streamer.feed.v1";
    /** Window results ({@link WindowResult}), keyed by {@link WindowResult#key()}. */
    public static final String ANALYTICS = "streamer.analytics.v1";

    public static final List<String> ALL = List.of(ACTIVITY, ACTIVITY_DLQ, FEED, ANALYTICS);

    /** Header on DLQ records naming the {@link ContractViolation.Reason}. */
    public static final String DLQ_REASON_HEADER = "streamer.dlq.reason";
    /** Header on DLQ records with the human-readable detail. */
    public static final String DLQ_DETAIL_HEADER = "streamer.dlq.detail";

    private Topics() {}
}
