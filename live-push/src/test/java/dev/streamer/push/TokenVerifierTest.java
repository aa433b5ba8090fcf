package dev.streamer.push;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenVerifierTest {

    @Test
    void readsTheTokenQueryParameter() {
        assertThat(TokenVerifier.queryParameter("token=a.b.c", "token")).isEqualTo("a.b.c");
        assertThat(TokenVerifier.queryParameter("x=1&token=a.b-c_d&y=2", "token")).isEqualTo("a.b-c_d");
        assertThat(TokenVerifier.queryParameter("token=a%2Eb", "token")).isEqualTo("a.b");
        assertThat(TokenVerifier.queryParameter("token", "token")).isEmpty();
        assertThat(TokenVerifier.queryParameter("tokens=x", "token")).isNull();
        assertThat(TokenVerifier.queryParameter(null, "token")).isNull();
    }
}
