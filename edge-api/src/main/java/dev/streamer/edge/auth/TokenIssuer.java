package dev.streamer.edge.auth;

import dev.streamer.edge.config.EdgeConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Signs RS256 access tokens: issuer {@code streamer}, audience {@code streamer.jwt.audience} (edge-api and live-push
 * accept no other), sub = user id, upn = username, jti = a fresh UUID (what logout revokes).
 */
@Singleton
public class TokenIssuer {

    public record Token(String token, long expiresAt) {}

    private final String issuer;
    private final String audience;
    private final Duration lifespan;

    TokenIssuer(@ConfigProperty(name = "mp.jwt.verify.issuer") String issuer, EdgeConfig config) {
        this.issuer = issuer;
        this.audience = config.jwt().audience();
        this.lifespan = config.jwt().lifespan();
    }

    /** The identity of a token about to be issued: its {@code jti} and expiry (epoch millis, whole seconds). */
    public record Planned(String tokenId, long expiresAt) {}

    public Planned plan(long nowMillis) {
        return new Planned(UUID.randomUUID().toString(), (nowMillis + lifespan.toMillis()) / 1000 * 1000);
    }

    public Token issue(User user, long nowMillis) {
        return issue(user, nowMillis, plan(nowMillis));
    }

    /** A token with a planned identity: a retried sign-in gets a token of the session its events named. */
    public Token issue(User user, long nowMillis, Planned planned) {
        String token = Jwt.issuer(issuer)
                .audience(audience)
                .subject(user.id())
                .upn(user.username())
                .claim("jti", planned.tokenId())
                .issuedAt(nowMillis / 1000)
                .expiresAt(planned.expiresAt() / 1000)
                .sign();
        return new Token(token, planned.expiresAt());
    }
}
