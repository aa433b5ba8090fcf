package dev.streamer.contract;

import static dev.streamer.contract.ContractViolation.Reason.INVALID_ID;
import static dev.streamer.contract.ContractViolation.Reason.MISSING_ID;
import static dev.streamer.contract.ContractViolation.Reason.MISSING_OCCURRED_AT;
import static dev.streamer.contract.ContractViolation.Reason.MISSING_TEXT;
import static dev.streamer.contract.ContractViolation.Reason.TEXT_TOO_LONG;
import static dev.streamer.contract.ContractViolation.Reason.UNKNOWN_TYPE;
import static dev.streamer.contract.ContractViolation.Reason.UNSUPPORTED_SCHEMA_VERSION;
import static dev.streamer.contract.ContractViolation.Reason.WRONG_PAYLOAD;

/** The rules an {@link ActivityEvent} must satisfy, shared by edge-api (before producing) and the Flink job (after consuming). */
public final class EventValidator {

    private EventValidator() {}

    /** Returns the event if it is valid, else throws the first {@link ContractViolation} found. */
    public static ActivityEvent validate(ActivityEvent e) {
        if (e.schemaVersion() != Limits.SCHEMA_VERSION) {
            throw new ContractViolation(
                    UNSUPPORTED_SCHEMA_VERSION,
                    "schemaVersion",
                    "schemaVersion " + e.schemaVersion() + " is not supported (expected " + Limits.SCHEMA_VERSION
                            + ")");
        }
        if (e.type() == null) {
            throw new ContractViolation(UNKNOWN_TYPE, "type", "type is missing");
        }
        uuid("eventId", e.eventId());
        communityId(e.communityId());
        uuid("userId", e.userId());
        if (e.type().requiresPostId()) {
            uuid("postId", e.postId());
        } else if (e.postId() != null) {
            throw new ContractViolation(WRONG_PAYLOAD, "postId", e.type() + " carries no postId");
        }
        if (e.occurredAt() <= 0) {
            throw new ContractViolation(
                    MISSING_OCCURRED_AT, "occurredAt", "occurredAt must be a positive epoch-millis time");
        }
        if (e.session() != null) {
            if (e.type() != EventType.USER_SIGNED_IN && e.type() != EventType.USER_SIGNED_OUT) {
                throw new ContractViolation(WRONG_PAYLOAD, "session", e.type() + " carries no session payload");
            }
            uuid("session.tokenId", e.session().tokenId());
            if (e.session().expiresAt() <= 0) {
                throw new ContractViolation(
                        ContractViolation.Reason.INVALID_FIELD,
                        "session.expiresAt",
                        "session.expiresAt must be a positive epoch-millis time");
            }
        }
        switch (e.type().payload()) {
            case NONE -> {
                noPost(e);
                noComment(e);
            }
            case POST -> {
                noComment(e);
                if (e.post() == null) {
                    throw new ContractViolation(WRONG_PAYLOAD, "post", e.type() + " requires a post payload");
                }
                text("post.text", e.post().text(), Limits.POST_TEXT_MAX);
                if (e.post().mediaId() != null) {
                    uuid("post.mediaId", e.post().mediaId());
                }
                authorName("post.authorName", e.post().authorName());
            }
            case COMMENT -> {
                noPost(e);
                if (e.comment() == null) {
                    throw new ContractViolation(WRONG_PAYLOAD, "comment", e.type() + " requires a comment payload");
                }
                uuid("comment.commentId", e.comment().commentId());
                text("comment.text", e.comment().text(), Limits.COMMENT_TEXT_MAX);
                authorName("comment.authorName", e.comment().authorName());
            }
        }
        return e;
    }

    /** Checks a community id; public so REST paths use the same rule. */
    public static String communityId(String id) {
        return matching(
                "communityId", id, Limits.isCommunityId(id), "a lower-case slug of 1 to 32 of a-z, 0-9 and '-'");
    }

    /** Checks a UUID id; public so REST paths use the same rule. */
    public static String uuid(String field, String id) {
        return matching(field, id, Limits.isUuid(id), "a lower-case UUID");
    }

    /**
     * Checks a user-supplied text against a limit; public so REST bodies use the same rule. A text must be well-formed
     * UTF-16 (no lone surrogate) and show something: one made only of invisible characters ({@link Texts#isVisible})
     * is blank.
     */
    public static String text(String field, String text, int max) {
        if (text == null || text.isEmpty()) {
            throw new ContractViolation(MISSING_TEXT, field, field + " is missing or blank");
        }
        if (text.length() > max) {
            throw new ContractViolation(
                    TEXT_TOO_LONG, field, field + " has " + text.length() + " characters; the limit is " + max);
        }
        if (!Texts.isWellFormed(text)) {
            throw new ContractViolation(
                    ContractViolation.Reason.INVALID_FIELD,
                    field,
                    field + " is not well-formed Unicode (a lone surrogate)");
        }
        if (!Texts.isVisible(text)) {
            throw new ContractViolation(
                    MISSING_TEXT, field, field + " is missing or blank (only spaces or invisible characters)");
        }
        return text;
    }

    private static void authorName(String field, String name) {
        if (name != null && !Limits.USERNAME.matcher(name).matches()) {
            throw new ContractViolation(
                    ContractViolation.Reason.INVALID_FIELD, field, field + " is not a valid username");
        }
    }

    private static String matching(String field, String value, boolean matches, String form) {
        if (value == null || value.isEmpty()) {
            throw new ContractViolation(MISSING_ID, field, field + " is missing");
        }
        if (!matches) {
            throw new ContractViolation(INVALID_ID, field, field + " must be " + form);
        }
        return value;
    }

    private static void noPost(ActivityEvent e) {
        if (e.post() != null) {
            throw new ContractViolation(WRONG_PAYLOAD, "post", e.type() + " carries no post payload");
        }
    }

    private static void noComment(ActivityEvent e) {
        if (e.comment() != null) {
            throw new ContractViolation(WRONG_PAYLOAD, "comment", e.type() + " carries no comment payload");
        }
    }
}
