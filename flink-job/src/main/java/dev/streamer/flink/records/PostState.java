package dev.streamer.flink.records;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.EmotionScores;
import dev.streamer.contract.FeedPost;

/**
 * Keyed state of one post. Interactions that arrive before the POST_CREATED are counted; the post is published once
 * it has been created. {@code version} grows by one for the creation and for every change of a count.
 */
public record PostState(
        boolean created,
        String communityId,
        String authorId,
        String authorName,
        String text,
        String mediaId,
        long createdAt,
        Emotion emotion,
        double[] scores,
        long likes,
        long comments,
        long shares,
        long version) {

    public static final PostState EMPTY = new PostState(false, null, null, null, null, null, 0, null, null, 0, 0, 0, 0);

    public PostState create(Activity a) {
        return new PostState(
                true,
                a.communityId(),
                a.userId(),
                a.authorName(),
                a.text(),
                a.mediaId(),
                a.occurredAt(),
                a.emotion(),
                a.scores(),
                likes,
                comments,
                shares,
                version + 1);
    }

    public PostState plus(long dLikes, long dComments, long dShares) {
        return new PostState(
                created,
                communityId,
                authorId,
                authorName,
                text,
                mediaId,
                createdAt,
                emotion,
                scores,
                likes + dLikes,
                comments + dComments,
                shares + dShares,
                version + 1);
    }

    public FeedPost toFeedPost(String postId) {
        return new FeedPost(
                postId,
                communityId,
                authorId,
                authorName,
                text,
                mediaId,
                createdAt,
                emotion,
                scores == null ? null : EmotionScores.of(scores),
                likes,
                comments,
                shares,
                version);
    }
}
