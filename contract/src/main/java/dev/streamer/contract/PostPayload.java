package dev.streamer.contract;

/**
 * Payload of POST_CREATED.
 *
 * @param text       the post text, 1..{@link Limits#POST_TEXT_MAX} characters, never blank
 * @param mediaId    id of an image uploaded before (a UUID), or null
 * @param authorName the author's username at posting time, so that feed consumers need no user lookup
 */
public record PostPayload(String text, String mediaId, String authorName) {}
