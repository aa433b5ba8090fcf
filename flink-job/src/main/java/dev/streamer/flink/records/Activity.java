package dev.streamer.flink.records;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Emotion;
import dev.streamer.contract.EventType;

/**
 * A valid activity event inside the job: the contract's {@link ActivityEvent} flattened (Flink serialises flat
 * records fastest), when its Kafka record was written, and the emotion of a new post.
 *
 * @param writtenAt  the Kafka record's timestamp (CreateTime: set by edge-api's producer when it sent the event). It
 *                   is stored in the log, so every replay sees the same value: whether an event is late is decided
 *                   by it, never by when the job happens to process the record
 * @param text       post text (POST_CREATED) or comment text (COMMENT_ADDED), else null
 * @param authorName post or comment author name, may be null
 * @param emotion    label of a POST_CREATED when emotion is on, else null
 * @param scores     the seven scores in {@link Emotion#ALL} order with {@code emotion}, else null
 * @param tokenId    the session a sign-in/out names ({@link dev.streamer.contract.SessionPayload}), else null
 * @param tokenExpiresAt that session's token expiry, epoch millis, else 0
 */
public record Activity(
        String eventId,
        EventType type,
        String communityId,
        String userId,
        String postId,
        long occurredAt,
        long writtenAt,
        String text,
        String mediaId,
        String authorName,
        String commentId,
        Emotion emotion,
        double[] scores,
        String tokenId,
        long tokenExpiresAt) {

    /** An activity that names no session. */
    public Activity(
            String eventId,
            EventType type,
            String communityId,
            String userId,
            String postId,
            long occurredAt,
            long writtenAt,
            String text,
            String mediaId,
            String authorName,
            String commentId,
            Emotion emotion,
            double[] scores) {
        this(
                eventId,
                type,
                communityId,
                userId,
                postId,
                occurredAt,
                writtenAt,
                text,
                mediaId,
                authorName,
                commentId,
                emotion,
                scores,
                null,
                0);
    }

    public static Activity of(ActivityEvent e, long writtenAt) {
        String text = null;
        String mediaId = null;
        String authorName = null;
        String commentId = null;
        if (e.post() != null) {
            text = e.post().text();
            mediaId = e.post().mediaId();
            authorName = e.post().authorName();
        } else if (e.comment() != null) {
            text = e.comment().text();
            authorName = e.comment().authorName();
            commentId = e.comment().commentId();
        }
        return new Activity(
                e.eventId(),
                e.type(),
                e.communityId(),
                e.userId(),
                e.postId(),
                e.occurredAt(),
                writtenAt,
                text,
                mediaId,
                authorName,
                commentId,
                null,
                null,
                e.session() == null ? null : e.session().tokenId(),
                e.session() == null ? 0 : e.session().expiresAt());
    }

    public Activity withEmotion(Emotion label, double[] emotionScores) {
        return new Activity(
                eventId,
                type,
                communityId,
                userId,
                postId,
                occurredAt,
                writtenAt,
                text,
                mediaId,
                authorName,
                commentId,
                label,
                emotionScores,
                tokenId,
                tokenExpiresAt);
    }
}
