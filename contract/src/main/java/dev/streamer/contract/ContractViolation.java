package dev.streamer.contract;

/**
 * A record that does not satisfy the contract. {@link #reason()} says which rule it broke, {@link #field()} names the
 * JSON field at fault (null when the whole record is at fault). REST maps it to 400, the stream to the DLQ.
 */
public class ContractViolation extends RuntimeException {

    public enum Reason {
        /** Not JSON, or not a JSON object. */
        MALFORMED_JSON,
        /** A {@code schemaVersion} this code does not read. */
        UNSUPPORTED_SCHEMA_VERSION,
        /** {@code type} is missing or not an {@link EventType}. */
        UNKNOWN_TYPE,
        /** A required id ({@code eventId}, {@code communityId}, {@code userId}, {@code postId}, {@code commentId}) is missing. */
        MISSING_ID,
        /** An id is present but not of its form (UUID, community slug). */
        INVALID_ID,
        /** {@code occurredAt} is missing or not a positive epoch-millis number. */
        MISSING_OCCURRED_AT,
        /** A text is missing or blank where one is required. */
        MISSING_TEXT,
        /** A text exceeds its limit in {@link Limits}. */
        TEXT_TOO_LONG,
        /** The payload does not fit the type: missing, or a payload another type carries. */
        WRONG_PAYLOAD,
        /** A field has the wrong JSON type. */
        INVALID_FIELD
    }

    private final Reason reason;
    private final String field;

    public ContractViolation(Reason reason, String field, String message) {
        super(message);
        this.reason = reason;
        this.field = field;
    }

    public ContractViolation(Reason reason, String field, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.field = field;
    }

    public Reason reason() {
        return reason;
    }

    public String field() {
        return field;
    }
}
