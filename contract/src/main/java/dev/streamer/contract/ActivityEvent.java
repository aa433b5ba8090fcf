package dev.streamer.contract;

/**
 * The envelope of every activity on {@link Topics#ACTIVITY}. Record key = {@code communityId}.
 *
 * @param schemaVersion {@link Limits#SCHEMA_VERSION}; lets the format evolve
 * @param eventId       UUID minted by edge-api; the idempotency key (a redelivered event counts once)
 * @param type          what happened
 * @param communityId   where it happened
 * @param userId        who did it (UUID)
 * @param postId        the new post (POST_CREATED) or the target post (likes, comments, shares); null otherwise
 * @param occurredAt    event time, epoch millis, set by edge-api when it accepted the request
 * @param post          payload of POST_CREATED, null for every other type
 * @param comment       payload of COMMENT_ADDED, null for every other type
 * @param session       the session (token) a USER_SIGNED_IN began or a USER_SIGNED_OUT ended; null for every other
 *                      type, and in sign-ins/outs written before it was added (an optional field: no new
 *                      {@code schemaVersion})
 */
public record ActivityEvent(
        int schemaVersion,
        String eventId,
        EventType type,
        String communityId,
        String userId,
        String postId,
        long occurredAt,
        PostPayload post,
        CommentPayload comment,
        SessionPayload session) {

    /** An event without a session payload (every type but sign-ins/outs, and those written before it existed). */
    public ActivityEvent(
            int schemaVersion,
            String eventId,
            EventType type,
            String communityId,
            String userId,
            String postId,
            long occurredAt,
            PostPayload post,
            CommentPayload comment) {
        this(schemaVersion, eventId, type, communityId, userId, postId, occurredAt, post, comment, null);
    }

    public static ActivityEvent signedIn(String eventId, String communityId, String userId, long occurredAt) {
        return signedIn(eventId, communityId, userId, occurredAt, null);
    }

    /** A sign-in that began {@code session} (null: none named, left out of the signed-in gauge). */
    public static ActivityEvent signedIn(
            String eventId, String communityId, String userId, long occurredAt, SessionPayload session) {
        return new ActivityEvent(
                Limits.SCHEMA_VERSION,
                eventId,
                EventType.USER_SIGNED_IN,
                communityId,
                userId,
                null,
                occurredAt,
                null,
                null,
                session);
    }

    public static ActivityEvent signedOut(String eventId, String communityId, String userId, long occurredAt) {
        return signedOut(eventId, communityId, userId, occurredAt, null);
    }

    /** A sign-out that ended {@code session} (null: none named, left out of the signed-in gauge). */
    public static ActivityEvent signedOut(
            String eventId, String communityId, String userId, long occurredAt, SessionPayload session) {
        return new ActivityEvent(
                Limits.SCHEMA_VERSION,
                eventId,
                EventType.USER_SIGNED_OUT,
                communityId,
                userId,
                null,
                occurredAt,
                null,
                null,
                session);
    }

    public static ActivityEvent postCreated(
            String eventId, String communityId, String userId, String postId, long occurredAt, PostPayload post) {
        return new ActivityEvent(
                Limits.SCHEMA_VERSION,
                eventId,
                EventType.POST_CREATED,
                communityId,
                userId,
                postId,
                occurredAt,
                post,
                null);
    }

    /** POST_LIKED, POST_UNLIKED or POST_SHARED: an interaction with a post that carries no payload. */
    public static ActivityEvent interaction(
            String eventId, EventType type, String communityId, String userId, String postId, long occurredAt) {
        if (type.payload() != EventType.Payload.NONE || !type.requiresPostId()) {
            throw new IllegalArgumentException(type + " is not a payload-free post interaction");
        }
        return new ActivityEvent(
                Limits.SCHEMA_VERSION, eventId, type, communityId, userId, postId, occurredAt, null, null);
    }

    public static ActivityEvent commentAdded(
            String eventId, String communityId, String userId, String postId, long occurredAt, CommentPayload comment) {
        return new ActivityEvent(
                Limits.SCHEMA_VERSION,
                eventId,
                EventType.COMMENT_ADDED,
                communityId,
                userId,
                postId,
                occurredAt,
                null,
                comment);
    }
}
