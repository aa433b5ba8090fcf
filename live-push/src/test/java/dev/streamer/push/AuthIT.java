package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class AuthIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void missingTokenIsRefusedWith4401() throws Exception {
        try (TestSocket s = TestSocket.connect(base, "facebook", null)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            assertThat(s.closeReason).isEqualTo("missing token");
            assertThat(s.inbox).isEmpty();
        }
    }

    @Test
    void malformedTokenIsRefusedWith4401() {
        try (TestSocket s = TestSocket.connect(base, "facebook", "not.a.jwt")) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            assertThat(s.closeReason).isEqualTo("invalid token");
        }
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefusedWith4401() throws Exception {
        String member = Fixtures.user("facebook");
        String forged = Jwt.issuer("streamer")
                .audience("streamer")
                .subject(member)
                .expiresAt(Instant.now().plusSeconds(600))
                .sign(otherKey());
        try (TestSocket s = TestSocket.connect(base, "facebook", forged)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    @Test
    void tokenOfAnotherIssuerIsRefusedWith4401() throws Exception {
        String member = Fixtures.user("facebook");
        String foreign = Jwt.issuer("someone-else")
                .audience("streamer")
                .subject(member)
                .expiresAt(Instant.now().plusSeconds(600))
                .sign();
        try (TestSocket s = TestSocket.connect(base, "facebook", foreign)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    @Test
    void expiredTokenIsRefusedWith4402() throws Exception {
        String member = Fixtures.user("facebook");
        Instant twoHoursAgo = Instant.now().minusSeconds(7200);
        String expired = Jwt.issuer("streamer")
                .audience("streamer")
                .subject(member)
                .issuedAt(twoHoursAgo)
                .expiresAt(twoHoursAgo.plusSeconds(3600))
                .sign();
        try (TestSocket s = TestSocket.connect(base, "facebook", expired)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.EXPIRED_TOKEN);
            assertThat(s.closeReason).isEqualTo("token expired");
        }
    }

    @Test
    void nonMemberIsRefusedWith4403() throws Exception {
        String outsider = Fixtures.user("instagram");
        try (TestSocket s = TestSocket.connect(base, "facebook", Fixtures.token(outsider))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.NOT_A_MEMBER);
            assertThat(s.inbox).isEmpty();
        }
    }

    @Test
    void unknownOrMalformedCommunityIsRefusedWith4404() throws Exception {
        String member = Fixtures.user("facebook");
        for (String community : new String[] {"myspace", "Not_A_Slug"}) {
            try (TestSocket s = TestSocket.connect(base, community, Fixtures.token(member))) {
                assertThat(s.awaitClose()).as(community).isEqualTo(CloseCodes.UNKNOWN_COMMUNITY);
            }
        }
    }

    @Test
    void aTokenInTheUrlIsRefusedWith4401EvenWhenValid() throws Exception {
        String member = Fixtures.user("facebook");
        URI withQuery = URI.create(Fixtures.socket(base, "facebook") + "?token=" + Fixtures.token(member));
        try (TestSocket s = TestSocket.open(withQuery)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            assertThat(s.closeReason).contains("Sec-WebSocket-Protocol");
            assertThat(s.inbox).isEmpty();
        }
        // also next to a valid token in the subprotocol: a URL with a token is refused, it has been logged already
        try (TestSocket s = TestSocket.open(withQuery, "bearer", Fixtures.token(member))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    @Test
    void memberWithTheTokenInTheSubprotocolGetsTheSnapshotAndBearerEchoed() throws Exception {
        String member = Fixtures.user("facebook");
        try (TestSocket s = TestSocket.connect(base, "facebook", Fixtures.token(member))) {
            assertThat(s.subprotocol()).isEqualTo("bearer");
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
            assertThat(s.closeCode).isNotDone();
        }
    }

    @Test
    void aTokenOfAnotherAudienceOrARevokedOneIsRefused() throws Exception {
        String member = Fixtures.user("facebook");
        String otherAudience = Jwt.issuer("streamer")
                .audience("someone-else")
                .subject(member)
                .expiresAt(Instant.now().plusSeconds(600))
                .sign();
        String noAudience = Jwt.issuer("streamer")
                .subject(member)
                .expiresAt(Instant.now().plusSeconds(600))
                .sign();
        for (String token : new String[] {otherAudience, noAudience}) {
            try (TestSocket s = TestSocket.connect(base, "facebook", token)) {
                assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            }
        }
        String jti = UUID.randomUUID().toString();
        Fixtures.revoke(jti, member);
        String revoked = Fixtures.token(member, jti, Instant.now().plusSeconds(600));
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> {
            try (TestSocket s = TestSocket.connect(base, "facebook", revoked)) {
                JsonNode first = s.inbox.poll(2, TimeUnit.SECONDS);
                return first == null && s.awaitClose() == CloseCodes.REVOKED_TOKEN;
            }
        });
    }

    @Test
    void aPageOfAnotherOriginCannotOpenASocket() throws Exception {
        String member = Fixtures.user("facebook");
        HttpClient http = HttpClient.newHttpClient();
        assertThatThrownBy(() -> TestSocket.open(
                        http.newWebSocketBuilder().header("Origin", "https://evil.example"),
                        Fixtures.socket(base, "facebook"),
                        "bearer",
                        Fixtures.token(member)))
                .cause()
                .isInstanceOfSatisfying(
                        WebSocketHandshakeException.class,
                        e -> assertThat(e.getResponse().statusCode()).isEqualTo(403));
        try (TestSocket s = TestSocket.open(
                http.newWebSocketBuilder().header("Origin", "http://dashboard.test"),
                Fixtures.socket(base, "facebook"),
                "bearer",
                Fixtures.token(member))) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
        }
    }

    @Test
    void allIsOpenToAnyAuthenticatedUser() throws Exception {
        String loner = Fixtures.user();
        try (TestSocket s = TestSocket.connect(base, "all", Fixtures.token(loner))) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
        }
        try (TestSocket s = TestSocket.connect(base, "all", null)) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    private static java.security.PrivateKey otherKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}
