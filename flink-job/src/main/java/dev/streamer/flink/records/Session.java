package dev.streamer.flink.records;

/**
 * One session (access token) of a user, as far as the sign-ins and sign-outs applied so far tell (mutable POJO, kept in
 * keyed state). A sign-out may be applied before its sign-in (a late sign-in), so every field is filled by whichever
 * event knows it, and the result does not depend on their order.
 */
public class Session {
    /** No sign-in applied yet. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    /** No sign-out applied yet. */
    public static final long OPEN = Long.MAX_VALUE;

    public String tokenId;
    public long signedInAt = UNKNOWN;
    public long expiresAt = OPEN;
    public long signedOutAt = OPEN;

    public Session() {}

    public Session(String tokenId) {
        this.tokenId = tokenId;
    }

    public Session copy() {
        Session s = new Session(tokenId);
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
