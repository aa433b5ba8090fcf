package dev.streamer.contract;

import static dev.streamer.contract.ContractViolation.Reason.INVALID_FIELD;
import static dev.streamer.contract.ContractViolation.Reason.MALFORMED_JSON;
import static dev.streamer.contract.ContractViolation.Reason.MISSING_OCCURRED_AT;
import static dev.streamer.contract.ContractViolation.Reason.UNKNOWN_TYPE;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * JSON codec for {@link ActivityEvent}. Decoding reads the tree by hand so that every failure is a
 * {@link ContractViolation} naming the field and the rule; unknown fields are ignored. Thread-safe.
 */
public final class EventCodec {

    private EventCodec() {}

    public static byte[] encode(ActivityEvent event) {
        return Json.write(EventValidator.validate(event));
    }

    public static String encodeToString(ActivityEvent event) {
        return new String(encode(event), StandardCharsets.UTF_8);
    }

    /** Decodes and validates; throws {@link ContractViolation} on anything that breaks the contract. */
    public static ActivityEvent decode(byte[] json) {
        if (json == null || json.length == 0) {
            throw new ContractViolation(MALFORMED_JSON, null, "record is empty");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(json);
        } catch (JsonProcessingException e) {
            throw new ContractViolation(MALFORMED_JSON, null, "not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ContractViolation(MALFORMED_JSON, null, "unreadable record: " + e.getMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new ContractViolation(MALFORMED_JSON, null, "an event must be a JSON object");
        }
        return EventValidator.validate(fromTree(root));
    }

    public static ActivityEvent decode(String json) {
        return decode(json == null ? null : json.getBytes(StandardCharsets.UTF_8));
    }

    private static ActivityEvent fromTree(JsonNode root) {
        int schemaVersion = root.has("schemaVersion") ? (int) integer(root, "schemaVersion") : Limits.SCHEMA_VERSION;
        EventType type = type(root);
        JsonNode occurredAtNode = root.get("occurredAt");
        if (occurredAtNode == null || occurredAtNode.isNull()) {
            throw new ContractViolation(MISSING_OCCURRED_AT, "occurredAt", "occurredAt is missing");
        }
        if (!occurredAtNode.canConvertToLong() || !occurredAtNode.isIntegralNumber()) {
            throw new ContractViolation(
                    MISSING_OCCURRED_AT, "occurredAt", "occurredAt must be epoch millis (an integer)");
        }
        PostPayload post = null;
        JsonNode postNode = object(root, "post");
        if (postNode != null) {
            post = new PostPayload(
                    string(postNode, "text", "post.text"),
                    string(postNode, "mediaId", "post.mediaId"),
                    string(postNode, "authorName", "post.authorName"));
        }
        CommentPayload comment = null;
        JsonNode commentNode = object(root, "comment");
        if (commentNode != null) {
            comment = new CommentPayload(
                    string(commentNode, "commentId", "comment.commentId"),
                    string(commentNode, "text", "comment.text"),
                    string(commentNode, "authorName", "comment.authorName"));
        }
        SessionPayload session = null;
        JsonNode sessionNode = object(root, "session");
        if (sessionNode != null) {
            JsonNode expiresAt = sessionNode.get("expiresAt");
            if (expiresAt == null || !expiresAt.isIntegralNumber() || !expiresAt.canConvertToLong()) {
                throw new ContractViolation(
                        INVALID_FIELD, "session.expiresAt", "session.expiresAt must be epoch millis (an integer)");
            }
            session = new SessionPayload(string(sessionNode, "tokenId", "session.tokenId"), expiresAt.longValue());
        }
        return new ActivityEvent(
                schemaVersion,
                string(root, "eventId", "eventId"),
                type,
                string(root, "communityId", "communityId"),
                string(root, "userId", "userId"),
                string(root, "postId", "postId"),
                occurredAtNode.longValue(),
                post,
                comment,
                session);
    }

    private static EventType type(JsonNode root) {
        JsonNode node = root.get("type");
        if (node == null || node.isNull()) {
            throw new ContractViolation(UNKNOWN_TYPE, "type", "type is missing");
        }
        if (!node.isTextual()) {
            throw new ContractViolation(UNKNOWN_TYPE, "type", "type must be a string");
        }
        try {
            return EventType.valueOf(node.textValue());
        } catch (IllegalArgumentException e) {
            throw new ContractViolation(UNKNOWN_TYPE, "type", "unknown type '" + abbreviate(node.textValue()) + "'");
        }
    }

    private static String string(JsonNode parent, String name, String path) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new ContractViolation(INVALID_FIELD, path, path + " must be a string");
        }
        return node.textValue();
    }

    private static long integer(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
            throw new ContractViolation(INVALID_FIELD, name, name + " must be an integer");
        }
        return node.intValue();
    }

    private static JsonNode object(JsonNode parent, String name) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            throw new ContractViolation(ContractViolation.Reason.WRONG_PAYLOAD, name, name + " must be an object");
        }
        return node;
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
