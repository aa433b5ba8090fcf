package dev.streamer.push;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(PushTestResources.class)
class AuthIT {

    @TestHTTPResource("/")
    URI base;

    @Test
    void missingTokenIsRefusedWith4401() throws Exception {
        String member = Fixtures.user("facebook");
        assertThat(member).isNotNull();
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", null))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            assertThat(s.closeReason).isEqualTo("missing token");
            assertThat(s.inbox).isEmpty();
        }
    }

    @Test
    void malformedTokenIsRefusedWith4401() {
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", "not.a.jwt"))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
            assertThat(s.closeReason).isEqualTo("invalid token");
        }
    }

    @Test
    void tokenSignedWithAnotherKeyIsRefusedWith4401() throws Exception {
        String member = Fixtures.user("facebook");
        String forged = Jwt.issuer("streamer").subject(member).expiresAt(Instant.now().plusSeconds(600))
                .sign(otherKey());
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", forged))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    @Test
    void tokenOfAnotherIssuerIsRefusedWith4401() throws Exception {
        String member = Fixtures.user("facebook");
        String foreign = Jwt.issuer("someone-else").subject(member).expiresAt(Instant.now().plusSeconds(600)).sign();
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", foreign))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    @Test
    void expiredTokenIsRefusedWith4402() throws Exception {
        String member = Fixtures.user("facebook");
        Instant twoHoursAgo = Instant.now().minusSeconds(7200);
        String expired = Jwt.issuer("streamer").subject(member).issuedAt(twoHoursAgo)
                .expiresAt(twoHoursAgo.plusSeconds(3600)).sign();
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", expired))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.EXPIRED_TOKEN);
            assertThat(s.closeReason).isEqualTo("token expired");
        }
    }

    @Test
    void nonMemberIsRefusedWith4403() throws Exception {
        String outsider = Fixtures.user("instagram");
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", Fixtures.token(outsider)))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.NOT_A_MEMBER);
            assertThat(s.inbox).isEmpty();
        }
    }

    @Test
    void unknownOrMalformedCommunityIsRefusedWith4404() throws Exception {
        String member = Fixtures.user("facebook");
        for (String community : new String[] {"myspace", "Not_A_Slug"}) {
            try (TestSocket s = TestSocket.open(Fixtures.socket(base, community, Fixtures.token(member)))) {
                assertThat(s.awaitClose()).as(community).isEqualTo(CloseCodes.UNKNOWN_COMMUNITY);
            }
        }
    }

    @Test
    void memberWithQueryTokenGetsTheSnapshot() throws Exception {
        String member = Fixtures.user("facebook");
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", Fixtures.token(member)))) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
            assertThat(s.closeCode).isNotDone();
        }
    }

    @Test
    void tokenInSubprotocolIsAcceptedAndBearerEchoed() throws Exception {
        String member = Fixtures.user("facebook");
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "facebook", null), "bearer", Fixtures.token(member))) {
            assertThat(s.subprotocol()).isEqualTo("bearer");
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
        }
    }

    @Test
    void allIsOpenToAnyAuthenticatedUser() throws Exception {
        String loner = Fixtures.user();
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "all", Fixtures.token(loner)))) {
            assertThat(s.next().get("type").asText()).isEqualTo("snapshot");
        }
        try (TestSocket s = TestSocket.open(Fixtures.socket(base, "all", null))) {
            assertThat(s.awaitClose()).isEqualTo(CloseCodes.INVALID_TOKEN);
        }
    }

    private static java.security.PrivateKey otherKey() throws NoSuchAlgorithmException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return generator.generateKeyPair().getPrivate();
    }
}
