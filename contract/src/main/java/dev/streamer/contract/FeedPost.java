package dev.streamer.contract;

/**
 * State of one post after a change, on {@link Topics#FEED}, keyed by {@code postId}. A consumer keeps, per post, the
 * record with the highest {@code version}: a replayed or reordered record never goes backwards.
 *
 * @param createdAt     the POST_CREATED event time, epoch millis
 * @param emotion       the model's label; null only if the post could not be classified
 * @param emotionScores the model's scores; null with {@code emotion}
 * @param version       1 for the created post, +1 for every change that altered a count
 */
public record FeedPost(
        String postId,
        String communityId,
        String authorId,
        String authorName,
        String text,
        String mediaId,
        long createdAt,
        Emotion emotion,
        EmotionScores emotionScores,
        long likes,
        long comments,
        long shares,
        long version) {

    public String key() {
        return postId;
    }
}
