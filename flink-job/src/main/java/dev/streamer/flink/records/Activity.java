package dev.streamer.flink.records;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Emotion;
import dev.streamer.contract.EventType;

/**
 * A valid activity event inside the job: the contract's {@link ActivityEvent} flattened (Flink serialises flat
 * records fastest) plus the emotion of a new post.
 *
 * @param text       post text (POST_CREATED) or comment text (COMMENT_ADDED), else null
 * @param authorName post or comment author name, may be null
 * @param emotion    label of a POST_CREATED when emotion is on, else null
 * @param scores     the seven scores in {@link Emotion#ALL} order with {@code emotion}, else null
 */
public record Activity(
        String eventId,
        EventType type,
        String communityId,
        String userId,
        String postId,
        long occurredAt,
        String text,
        String mediaId,
        String authorName,
        String commentId,
        Emotion emotion,
        double[] scores) {

    public static Activity of(ActivityEvent e) {
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
        return new Activity(e.eventId(), e.type(), e.communityId(), e.userId(), e.postId(), e.occurredAt(), text, mediaId,
                authorName, commentId, null, null);
    }

    public Activity withEmotion(Emotion label, double[] emotionScores) {
        return new Activity(eventId, type, communityId, userId, postId, occurredAt, text, mediaId, authorName, commentId,
                label, emotionScores);
    }
}
