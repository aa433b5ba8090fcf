package dev.streamer.edge.api;

import dev.streamer.edge.auth.User;
import dev.streamer.edge.web.ApiException;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The authenticated user of a request, from the verified token. */
public final class Caller {

    private Caller() {}

    public static User of(JsonWebToken jwt) {
        if (jwt == null || jwt.getSubject() == null || jwt.getName() == null) {
            throw ApiException.unauthorized("a valid bearer token is required");
        }
        return new User(jwt.getSubject(), jwt.getName());
    }
}
