package dev.streamer.push;

/** WebSocket close codes of the live-push protocol (agreed with the UI; see README). */
public final class CloseCodes {
    /** Token missing, malformed, wrongly signed, of another issuer or audience, without subject or id, or in the URL. */
    public static final int INVALID_TOKEN = 4401;
    /** The token's {@code exp} passed: on connect, or later while the socket is open. */
    public static final int EXPIRED_TOKEN = 4402;
    /** Not (or no longer) a member of the community. */
    public static final int NOT_A_MEMBER = 4403;

    public static final int UNKNOWN_COMMUNITY = 4404;
    /** The client did not read fast enough and its bounded send buffer overflowed. */
    public static final int TOO_SLOW = 4408;
    /** The token was revoked (its user signed out): on connect, or later while the socket is open. */
    public static final int REVOKED_TOKEN = 4410;
    /** Standard 1011: the server could not serve the connection (for example the database is down). */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {}
}
