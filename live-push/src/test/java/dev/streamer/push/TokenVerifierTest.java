package dev.streamer.push;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TokenVerifierTest {

    @Test
    void readsTheTokenAfterBearerInTheSubprotocolHeader() {
        assertThat(TokenVerifier.tokenOf("bearer, a.b.c")).isEqualTo("a.b.c");
        assertThat(TokenVerifier.tokenOf("other, Bearer ,a.b.c")).isEqualTo("a.b.c");
        assertThat(TokenVerifier.tokenOf("bearer")).isNull();
        assertThat(TokenVerifier.tokenOf("a.b.c")).isNull();
        assertThat(TokenVerifier.tokenOf(null)).isNull();
    }

    @Test
    void findsATokenInTheQuery() {
        assertThat(TokenVerifier.hasQueryToken("token=a.b.c")).isTrue();
        assertThat(TokenVerifier.hasQueryToken("x=1&TOKEN=a&y=2")).isTrue();
        assertThat(TokenVerifier.hasQueryToken("access_token=a")).isTrue();
        assertThat(TokenVerifier.hasQueryToken("token")).isTrue();
        assertThat(TokenVerifier.hasQueryToken("tokens=x")).isFalse();
        assertThat(TokenVerifier.hasQueryToken(null)).isFalse();
    }
}
