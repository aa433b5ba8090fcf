package dev.streamer.contract;

/**
 * Payload of COMMENT_ADDED.
 *
 * @param commentId  the new comment's id (a UUID minted by edge-api)
 * @param text       the comment, 1..{@link Limits#COMMENT_TEXT_MAX} characters, never blank
 * @param authorName the commenter's username at commenting time
 */
public record CommentPayload(String commentId, String text, String authorName) {}
