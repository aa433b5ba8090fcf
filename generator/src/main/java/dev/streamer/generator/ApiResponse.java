package dev.streamer.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

/**
 * One answer of edge-api.
 *
 * @param status       HTTP status, or {@link #NO_RESPONSE} when the request failed before a status arrived
 * @param body         parsed JSON body ({@link MissingNode} when empty or not JSON)
 * @param sentAt       wall-clock millis just before the (last) attempt was sent
 * @param receivedAt   wall-clock millis when its answer arrived
 * @param latencyNanos duration of the last attempt
 * @param error        why there is no status, else null
 * @param attempts     how many times the request was sent (retries after 5xx, a rate limit or no answer)
 * @param firstSentAt  wall-clock millis just before the first attempt was sent: a retry with the same Idempotency-Key
 *                     is answered with the first attempt's event, whose {@code occurredAt} may precede {@code sentAt}
 */
public record ApiResponse(
        int status,
        JsonNode body,
        long sentAt,
        long receivedAt,
        long latencyNanos,
        String error,
        int attempts,
        long firstSentAt) {

    public static final int NO_RESPONSE = 0;

    /** This answer of a request whose first attempt was sent at {@code firstSentAt}. */
    public ApiResponse withFirstSentAt(long at) {
        return new ApiResponse(status, body, sentAt, receivedAt, latencyNanos, error, attempts, at);
    }

    public boolean is(int expected) {
        return status == expected;
    }

    public boolean isServerError() {
        return status >= 500 || status == NO_RESPONSE;
    }

    public String text(String field) {
        JsonNode n = body.path(field);
        return n.isMissingNode() || n.isNull() ? null : n.asText();
    }

    public long occurredAt() {
        JsonNode n = body.path("occurredAt");
        if (!n.canConvertToLong()) {
            throw new IllegalStateException("edge-api answered " + status + " without occurredAt: " + body);
        }
        return n.asLong();
    }

    /** "202", "404", … or "io" for a request that got no answer. */
    public String statusLabel() {
        return status == NO_RESPONSE ? "io" : String.valueOf(status);
    }

    public String describe() {
        if (status == NO_RESPONSE) {
            return "no response: " + error;
        }
        String detail = text("detail");
        return status + (detail != null ? " " + detail : "");
    }
}
