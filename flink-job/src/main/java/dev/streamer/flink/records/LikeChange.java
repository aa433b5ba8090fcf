package dev.streamer.flink.records;

/** A user's like of a post switched on ({@code liked}) or off: the row of {@code post_likes} it sets. */
public record LikeChange(String postId, String userId, boolean liked, long at) {}
