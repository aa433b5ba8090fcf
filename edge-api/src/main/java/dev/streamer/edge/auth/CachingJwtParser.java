package dev.streamer.edge.auth;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.streamer.edge.config.EdgeConfig;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Duration;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Remembers tokens that passed full verification (signature, issuer, audience, expiry), keyed by the exact token string
 * (signature included), so a client that sends the same token on every request pays for RSA verification and claim
 * parsing once. A remembered token is used only while now is before its expiry; every other token goes through
 * smallrye-jwt's parser as before. Every token must carry a {@code jti}, and a signed-out one ({@link TokenRevocations})
 * is refused on every request.
 */
@Alternative
@Priority(1)
@ApplicationScoped
public class CachingJwtParser implements JWTParser {

    private final DefaultJWTParser delegate;
    private final TokenRevocations revocations;
    /** Each token until its expiry (by the injected ticker), at most {@code streamer.jwt.verified-cache-size}. */
    private final Cache<String, JsonWebToken> verified;

    @Inject
    CachingJwtParser(DefaultJWTParser delegate, TokenRevocations revocations, EdgeConfig config, Ticker ticker) {
        this.delegate = delegate;
        this.revocations = revocations;
        this.verified = Caffeine.newBuilder()
                .maximumSize(config.jwt().verifiedCacheSize())
                .ticker(ticker)
                .expireAfter(Expiry.<String, JsonWebToken>creating((token, jwt) ->
                        Duration.ofMillis(Math.max(0, jwt.getExpirationTime() * 1000 - System.currentTimeMillis()))))
                .build();
    }

    @Override
    public JsonWebToken parse(String token) throws ParseException {
        JsonWebToken jwt = verifiedIgnoringRevocation(token);
        if (revocations.isRevoked(jwt.getTokenID())) {
            throw new ParseException("the token was revoked (signed out)");
        }
        return jwt;
    }

    /** A token that is well signed, of this issuer and audience, unexpired and with a jti, revoked or not. */
    public JsonWebToken verifiedIgnoringRevocation(String token) throws ParseException {
        JsonWebToken cached = verified.getIfPresent(token);
        if (cached != null) {
            return cached;
        }
        JsonWebToken jwt = delegate.parse(token);
        if (jwt.getTokenID() == null || jwt.getTokenID().isBlank()) {
            throw new ParseException("the token has no jti");
        }
        if (jwt.getExpirationTime() * 1000 > System.currentTimeMillis()) {
            verified.put(token, jwt);
        }
        return jwt;
    }

    @Override
    public JsonWebToken parse(String token, JWTAuthContextInfo context) throws ParseException {
        return delegate.parse(token, context);
    }

    @Override
    public JsonWebToken verify(String token, PublicKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, SecretKey key) throws ParseException {
        return delegate.verify(token, key);
    }

    @Override
    public JsonWebToken verify(String token, String secret) throws ParseException {
        return delegate.verify(token, secret);
    }

    @Override
    public JsonWebToken decrypt(String token, PrivateKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, SecretKey key) throws ParseException {
        return delegate.decrypt(token, key);
    }

    @Override
    public JsonWebToken decrypt(String token, String secret) throws ParseException {
        return delegate.decrypt(token, secret);
    }

    @Override
    public JsonWebToken parseOnly(String token) throws ParseException {
        return delegate.parseOnly(token);
    }
}
