package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.ContractViolation.Reason;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class EventCodecTest {

    static final long T = 1_764_000_000_000L;

    static String id() {
        return UUID.randomUUID().toString();
    }

    static List<ActivityEvent> oneOfEachType() {
        String user = id();
        String post = id();
        return List.of(
                ActivityEvent.signedIn(id(), "facebook", user, T),
                ActivityEvent.signedOut(id(), "facebook", user, T + 1),
                ActivityEvent.postCreated(
                        id(), "facebook", user, post, T + 2, new PostPayload("hello 👋 \"quoted\"", id(), "alice")),
                ActivityEvent.postCreated(id(), "facebook", user, post, T + 2, new PostPayload("no image", null, null)),
                ActivityEvent.interaction(id(), EventType.POST_LIKED, "facebook", user, post, T + 3),
                ActivityEvent.interaction(id(), EventType.POST_UNLIKED, "facebook", user, post, T + 4),
                ActivityEvent.commentAdded(
                        id(), "facebook", user, post, T + 5, new CommentPayload(id(), "nice", "alice")),
                ActivityEvent.interaction(id(), EventType.POST_SHARED, "facebook", user, post, T + 6));
    }

    @ParameterizedTest
    @MethodSource("oneOfEachType")
    void roundTripsEveryType(ActivityEvent event) {
        assertThat(EventCodec.decode(EventCodec.encode(event))).isEqualTo(event);
    }

    @Test
    void coversEveryEventType() {
        assertThat(oneOfEachType().stream().map(ActivityEvent::type).distinct())
                .containsExactlyInAnyOrder(EventType.values());
    }

    @Test
    void ignoresUnknownFieldsAndDefaultsSchemaVersion() {
        String json = """
                {"eventId":"%s","type":"POST_LIKED","communityId":"skype","userId":"%s","postId":"%s",
                 "occurredAt":%d,"somethingNew":{"x":1}}""".formatted(id(), id(), id(), T);
        ActivityEvent e = EventCodec.decode(json);
        assertThat(e.type()).isEqualTo(EventType.POST_LIKED);
        assertThat(e.schemaVersion()).isEqualTo(Limits.SCHEMA_VERSION);
    }

    @Test
    void encodingOmitsNulls() {
        String json = EventCodec.encodeToString(ActivityEvent.signedIn(id(), "facebook", id(), T));
        assertThat(json).doesNotContain("null").doesNotContain("post").contains("\"type\":\"USER_SIGNED_IN\"");
    }

    private static String like(String patch) {
        return ("{\"eventId\":\"" + id() + "\",\"type\":\"POST_LIKED\",\"communityId\":\"facebook\",\"userId\":\""
                + id() + "\",\"postId\":\"" + id() + "\",\"occurredAt\":" + T + patch + "}");
    }

    private static void rejects(String json, Reason reason, String field) {
        assertThatThrownBy(() -> EventCodec.decode(json)).isInstanceOfSatisfying(ContractViolation.class, v -> {
            assertThat(v.reason()).isEqualTo(reason);
            assertThat(v.field()).isEqualTo(field);
        });
    }

    @Test
    void rejectsMalformedJson() {
        rejects("{not json", Reason.MALFORMED_JSON, null);
        rejects("[1,2]", Reason.MALFORMED_JSON, null);
        rejects("", Reason.MALFORMED_JSON, null);
        assertThatThrownBy(() -> EventCodec.decode((byte[]) null)).isInstanceOf(ContractViolation.class);
    }

    @Test
    void rejectsUnknownOrMissingType() {
        rejects(like(",\"type\":\"POST_EXPLODED\""), Reason.UNKNOWN_TYPE, "type");
        rejects("{\"eventId\":\"" + id() + "\",\"occurredAt\":1}", Reason.UNKNOWN_TYPE, "type");
        rejects(like(",\"type\":7"), Reason.UNKNOWN_TYPE, "type");
    }

    @Test
    void rejectsMissingIds() {
        rejects(like(",\"eventId\":null"), Reason.MISSING_ID, "eventId");
        rejects(like(",\"userId\":null"), Reason.MISSING_ID, "userId");
        rejects(like(",\"communityId\":null"), Reason.MISSING_ID, "communityId");
        rejects(like(",\"postId\":null"), Reason.MISSING_ID, "postId");
    }

    @Test
    void rejectsMalformedIds() {
        rejects(like(",\"userId\":\"1 OR 1=1\""), Reason.INVALID_ID, "userId");
        rejects(like(",\"communityId\":\"Face Book\""), Reason.INVALID_ID, "communityId");
        rejects(like(",\"postId\":\"" + id().toUpperCase() + "\""), Reason.INVALID_ID, "postId");
    }

    @Test
    void rejectsMissingOrBadOccurredAt() {
        rejects(like(",\"occurredAt\":null"), Reason.MISSING_OCCURRED_AT, "occurredAt");
        rejects(like(",\"occurredAt\":\"yesterday\""), Reason.MISSING_OCCURRED_AT, "occurredAt");
        rejects(like(",\"occurredAt\":1.5"), Reason.MISSING_OCCURRED_AT, "occurredAt");
        rejects(like(",\"occurredAt\":0"), Reason.MISSING_OCCURRED_AT, "occurredAt");
    }

    @Test
    void rejectsTextOverTheLimits() {
        String user = id();
        ActivityEvent longPost = ActivityEvent.postCreated(
                id(), "facebook", user, id(), T, new PostPayload("x".repeat(Limits.POST_TEXT_MAX + 1), null, null));
        assertThatThrownBy(() -> EventCodec.encode(longPost))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.reason()).isEqualTo(Reason.TEXT_TOO_LONG));
        String json = like(",\"type\":\"COMMENT_ADDED\",\"comment\":{\"commentId\":\"" + id() + "\",\"text\":\""
                + "y".repeat(Limits.COMMENT_TEXT_MAX + 1) + "\"}");
        rejects(json, Reason.TEXT_TOO_LONG, "comment.text");
        // exactly at the limit is fine
        ActivityEvent atLimit = ActivityEvent.postCreated(
                id(), "facebook", user, id(), T, new PostPayload("x".repeat(Limits.POST_TEXT_MAX), null, null));
        assertThat(EventCodec.decode(EventCodec.encode(atLimit))).isEqualTo(atLimit);
    }

    @Test
    void rejectsBlankText() {
        rejects(like(",\"type\":\"POST_CREATED\",\"post\":{\"text\":\"   \"}"), Reason.MISSING_TEXT, "post.text");
    }

    @Test
    void rejectsWrongPayloadForTheType() {
        rejects(like(",\"type\":\"POST_CREATED\""), Reason.WRONG_PAYLOAD, "post");
        rejects(like(",\"type\":\"COMMENT_ADDED\""), Reason.WRONG_PAYLOAD, "comment");
        rejects(like(",\"post\":{\"text\":\"hi\"}"), Reason.WRONG_PAYLOAD, "post");
        rejects(
                like(",\"type\":\"POST_CREATED\",\"post\":{\"text\":\"hi\"},\"comment\":{\"commentId\":\"" + id()
                        + "\",\"text\":\"x\"}"),
                Reason.WRONG_PAYLOAD,
                "comment");
        rejects(like(",\"type\":\"USER_SIGNED_IN\""), Reason.WRONG_PAYLOAD, "postId");
        rejects(like(",\"post\":\"text\""), Reason.WRONG_PAYLOAD, "post");
    }

    @Test
    void rejectsUnsupportedSchemaVersion() {
        rejects(like(",\"schemaVersion\":2"), Reason.UNSUPPORTED_SCHEMA_VERSION, "schemaVersion");
    }

    @Test
    void rejectsFieldsOfTheWrongJsonType() {
        rejects(like(",\"userId\":42"), Reason.INVALID_FIELD, "userId");
        rejects(
                like(",\"type\":\"POST_CREATED\",\"post\":{\"text\":\"hi\",\"authorName\":\"<script>\"}"),
                Reason.INVALID_FIELD,
                "post.authorName");
    }
}
