package dev.streamer.flink.records;

/**
 * One session of a user — an access token in one community, as the contract's gauge counts it — as far as the sign-ins
 * and sign-outs applied so far tell (mutable POJO, kept in keyed state). A sign-out may be applied before its sign-in
 * (a late sign-in), so every field is filled by whichever event knows it, and the result does not depend on their
 * order.
 */
public class Session {
    /** No sign-in applied yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    /** No sign-out applied yet. */
    public static final long OPEN = Long.MAX_VALUE;

    public String tokenId;
    /** Null in sessions kept before the community was part of a session (they matched by token alone). */
    public String communityId;

    public long signedInAt = UNKNOWN;
    public long expiresAt = OPEN;
    public long signedOutAt = OPEN;

    public Session() {}

    public Session(String tokenId, String communityId) {
        this.tokenId = tokenId;
        this.communityId = communityId;
    }

    /** Whether a sign-in/out of this token in this community is about this session. */
    public boolean is(String token, String community) {
        return tokenId.equals(token) && (communityId == null || communityId.equals(community));
    }

    public Session copy() {
        Session s = new Session(tokenId, communityId);
        s.signedInAt = signedInAt;
        s.expiresAt = expiresAt;
        s.signedOutAt = signedOutAt;
        return s;
    }

    /**
     * Open at instant {@code t} of event time: signed in before it, and neither signed out before it nor expired by
     * it (the token is refused from its expiry on).
     */
    public boolean openAt(long t) {
        return signedInAt != UNKNOWN && signedInAt < t && signedOutAt >= t && expiresAt > t;
    }

    /** After this instant the session is open at no later time. */
    public long endsAt() {
        return Math.min(signedOutAt, expiresAt);
    }
}
