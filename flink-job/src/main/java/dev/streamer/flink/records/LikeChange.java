package dev.streamer.flink.records;

/** A user's like of a post switched on ({@code liked}) or off: one row of {@code post_likes} added or deleted. */
public record LikeChange(String postId, String userId, boolean liked, long at) {}
