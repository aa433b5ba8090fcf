package dev.streamer.push;

/** WebSocket close codes of the live-push protocol (agreed with the UI; see README). */
public final class CloseCodes {
    /** Token missing, malformed, wrongly signed or with the wrong issuer or subject. */
    public static final int INVALID_TOKEN = 4401;
    public static final int EXPIRED_TOKEN = 4402;
    public static final int NOT_A_MEMBER = 4403;
    public static final int UNKNOWN_COMMUNITY = 4404;
    /** The client did not read fast enough and its bounded send buffer overflowed. */
    public static final int TOO_SLOW = 4408;
    /** Standard 1011: the server could not serve the connection (for example the database is down). */
    public static final int INTERNAL_ERROR = 1011;

    private CloseCodes() {
    }
}
