package dev.streamer.edge.auth;

import io.smallrye.jwt.build.Jwt;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.UUID;

/** Signs RS256 access tokens: issuer {@code streamer}, sub = user id, upn = username. */
@Singleton
public class TokenIssuer {

    public record Token(String token, long expiresAt) {
    }

    @ConfigProperty(name = "mp.jwt.verify.issuer")
    String issuer;

    @ConfigProperty(name = "streamer.jwt.lifespan", defaultValue = "PT12H")
    Duration lifespan;

    public Token issue(User user, long nowMillis) {
        long expiresAtSeconds = (nowMillis + lifespan.toMillis()) / 1000;
        String token = Jwt.issuer(issuer)
                .subject(user.id())
                .upn(user.username())
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(nowMillis / 1000)
                .expiresAt(expiresAtSeconds)
                .sign();
        return new Token(token, expiresAtSeconds * 1000);
    }
}
