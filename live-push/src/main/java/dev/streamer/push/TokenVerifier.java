package dev.streamer.push;

import dev.streamer.contract.Limits;
import io.quarkus.websockets.next.HandshakeRequest;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jose4j.jwt.consumer.InvalidJwtException;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Reads the edge-api token from a WebSocket handshake ({@code ?token=JWT}, or {@code Sec-WebSocket-Protocol: bearer,
 * JWT}) and verifies it with the public key ({@code mp.jwt.verify.publickey.location}) and issuer.
 */
@ApplicationScoped
public class TokenVerifier {

    static final String SUBPROTOCOL = "bearer";

    private final JWTParser parser;

    public TokenVerifier(JWTParser parser) {
        this.parser = parser;
    }

    public Viewer verify(HandshakeRequest request) throws Refused {
        String token = tokenOf(request);
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
        return new Viewer(userId, jwt.getClaim("upn"));
    }

    static String tokenOf(HandshakeRequest request) {
        String fromQuery = queryParameter(request.query(), "token");
        if (fromQuery != null) {
            return fromQuery;
        }
        // Browsers cannot set headers on a WebSocket; the token may ride as the second subprotocol value.
        String protocols = request.header(HandshakeRequest.SEC_WEBSOCKET_PROTOCOL);
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

    static String queryParameter(String query, String name) {
        if (query == null || query.isEmpty()) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            if (URLDecoder.decode(key, StandardCharsets.UTF_8).equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
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
