package dev.streamer.push;

/** A connection that must be closed before anything is sent, with its close code and reason. */
public final class Refused extends Exception {

    private final int code;

    public Refused(int code, String reason) {
        super(reason, null, false, false);
        this.code = code;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return getMessage();
    }
}
