package dev.streamer.contract;

/** The kinds of activity. Each type decides which ids and which payload an {@link ActivityEvent} carries. */
public enum EventType {
    USER_SIGNED_IN(false, Payload.NONE),
    USER_SIGNED_OUT(false, Payload.NONE),
    POST_CREATED(true, Payload.POST),
    POST_LIKED(true, Payload.NONE),
    POST_UNLIKED(true, Payload.NONE),
    COMMENT_ADDED(true, Payload.COMMENT),
    POST_SHARED(true, Payload.NONE);

    /** Which payload object an event of a type must carry (and no other). */
    public enum Payload {
        NONE,
        POST,
        COMMENT
    }

    private final boolean requiresPost;
    private final Payload payload;

    EventType(boolean requiresPost, Payload payload) {
        this.requiresPost = requiresPost;
        this.payload = payload;
    }

    /** Whether {@code postId} is required (the new post's id for POST_CREATED, the target post otherwise). */
    public boolean requiresPostId() {
        return requiresPost;
    }

    public Payload payload() {
        return payload;
    }
}
