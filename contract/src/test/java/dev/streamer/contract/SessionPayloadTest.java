package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.ContractViolation.Reason;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SessionPayloadTest {

    static final long T = 1_764_000_000_000L;
    static final String USER = UUID.randomUUID().toString();
    static final String TOKEN = UUID.randomUUID().toString();

    @Test
    void signInsAndOutsCarryTheirSessionThroughTheCodec() {
        SessionPayload session = new SessionPayload(TOKEN, T + 43_200_000L);
        ActivityEvent in = ActivityEvent.signedIn(UUID.randomUUID().toString(), "facebook", USER, T, session);
        ActivityEvent out = ActivityEvent.signedOut(UUID.randomUUID().toString(), "facebook", USER, T + 5, session);
        assertThat(EventCodec.decode(EventCodec.encode(in))).isEqualTo(in);
        assertThat(EventCodec.decode(EventCodec.encode(out)).session()).isEqualTo(session);
        assertThat(EventCodec.encodeToString(in)).contains("\"session\":{\"tokenId\":\"" + TOKEN + "\",\"expiresAt\":");
    }

    @Test
    void aSignInWrittenBeforeSessionsExistedStillDecodes() {
        String old = "{\"schemaVersion\":1,\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"USER_SIGNED_IN\","
                + "\"communityId\":\"facebook\",\"userId\":\"" + USER + "\",\"occurredAt\":" + T + "}";
        ActivityEvent e = EventCodec.decode(old);
        assertThat(e.type()).isEqualTo(EventType.USER_SIGNED_IN);
        assertThat(e.session()).isNull();
    }

    @Test
    void onlySignInsAndOutsMayCarryASession() {
        String post = UUID.randomUUID().toString();
        String json =
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"POST_SHARED\",\"communityId\":\"facebook\","
                        + "\"userId\":\"" + USER + "\",\"postId\":\"" + post + "\",\"occurredAt\":" + T
                        + ",\"session\":{\"tokenId\":\"" + TOKEN + "\",\"expiresAt\":" + (T + 1) + "}}";
        assertThatThrownBy(() -> EventCodec.decode(json))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.field()).isEqualTo("session"));
    }

    @Test
    void aSessionNeedsAUuidTokenAndAnIntegerExpiry() {
        String head =
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"USER_SIGNED_OUT\",\"communityId\":\"facebook\","
                        + "\"userId\":\"" + USER + "\",\"occurredAt\":" + T + ",\"session\":";
        assertThatThrownBy(() -> EventCodec.decode(head + "{\"tokenId\":\"nope\",\"expiresAt\":" + T + "}}"))
                .isInstanceOfSatisfying(ContractViolation.class, v -> {
                    assertThat(v.reason()).isEqualTo(Reason.INVALID_ID);
                    assertThat(v.field()).isEqualTo("session.tokenId");
                });
        assertThatThrownBy(() -> EventCodec.decode(head + "{\"tokenId\":\"" + TOKEN + "\"}}"))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.field()).isEqualTo("session.expiresAt"));
        assertThatThrownBy(() -> EventCodec.decode(head + "{\"tokenId\":\"" + TOKEN + "\",\"expiresAt\":\"soon\"}}"))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.field()).isEqualTo("session.expiresAt"));
        assertThatThrownBy(() -> EventCodec.decode(head + "{\"tokenId\":\"" + TOKEN + "\",\"expiresAt\":0}}"))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.field()).isEqualTo("session.expiresAt"));
        assertThatThrownBy(() -> EventCodec.decode(head + "\"x\"}"))
                .isInstanceOfSatisfying(
                        ContractViolation.class, v -> assertThat(v.reason()).isEqualTo(Reason.WRONG_PAYLOAD));
    }
}
