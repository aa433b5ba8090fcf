package dev.streamer.push;

import dev.streamer.contract.Limits;
import io.quarkus.websockets.next.HandshakeRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;

/**
 * Reads the edge-api token from a WebSocket handshake ({@code Sec-WebSocket-Protocol: bearer, JWT}: browsers cannot
 * set headers on a WebSocket, and a URL ends up in proxy logs) and verifies it with the public key
 * ({@code mp.jwt.verify.publickey.location}), issuer and audience; the token must have a subject and an id, and must
 * not be revoked. A token in the URL's query is refused.
 */
@ApplicationScoped
public class TokenVerifier {

    static final String SUBPROTOCOL = "bearer";

    private final JWTParser parser;
    private final PushRevocations revocations;

    public TokenVerifier(JWTParser parser, PushRevocations revocations) {
        this.parser = parser;
        this.revocations = revocations;
    }

    public Viewer verify(HandshakeRequest request) throws Refused {
        if (hasQueryToken(request.query())) {
            throw new Refused(CloseCodes.INVALID_TOKEN, "token in the URL: send it in Sec-WebSocket-Protocol");
        }
        String token = tokenOf(request.header(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL));
        if (token == null || token.isBlank()) {
            throw new Refused(CloseCodes.INVALID_TOKEN, "missing token");
        }
        JsonWebToken jwt;
        try {
            jwt = parser.parse(token);
        } catch (ParseException e) {
            if (hasExpired(e)) {
                throw new Refused(CloseCodes.EXPIRED_TOKEN, "token expired");
            }
            throw new Refused(CloseCodes.INVALID_TOKEN, "invalid token");
        }
        String userId = jwt.getSubject();
        if (userId == null || !Limits.UUID.matcher(userId).matches()) {
            throw new Refused(CloseCodes.INVALID_TOKEN, "invalid token subject");
        }
        String jti = jwt.getTokenID();
        if (jti == null || jti.isBlank()) {
            throw new Refused(CloseCodes.INVALID_TOKEN, "invalid token id");
        }
        if (revocations.isRevoked(jti)) {
            throw new Refused(CloseCodes.REVOKED_TOKEN, "token revoked");
        }
        return new Viewer(userId, jwt.getClaim("upn"), jti, jwt.getExpirationTime() * 1000);
    }

    /** The value after {@code bearer} in a {@code Sec-WebSocket-Protocol} header, or null. */
    static String tokenOf(String protocols) {
        if (protocols == null) {
            return null;
        }
        String[] values = protocols.split(",");
        for (int i = 0; i < values.length - 1; i++) {
            if (values[i].trim().equalsIgnoreCase(SUBPROTOCOL)) {
                return values[i + 1].trim();
            }
        }
        return null;
    }

    /** True when the query has a {@code token} (or {@code access_token}) parameter. */
    static boolean hasQueryToken(String query) {
        if (query == null || query.isEmpty()) {
            return false;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (key.equalsIgnoreCase("token") || key.equalsIgnoreCase("access_token")) {
                return true;
            }
        }
        return false;
    }

    private static boolean hasExpired(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidJwtException invalid) {
                return invalid.hasExpired();
            }
        }
        return false;
    }
}
