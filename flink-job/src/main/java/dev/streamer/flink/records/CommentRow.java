package dev.streamer.flink.records;

/** One row of the {@code comments} table. */
public record CommentRow(
        String commentId,
        String postId,
        String communityId,
        String authorId,
        String authorName,
        String text,
        long createdAt) {}
