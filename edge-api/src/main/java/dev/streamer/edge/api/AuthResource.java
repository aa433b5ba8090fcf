package dev.streamer.edge.api;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.Limits;
import dev.streamer.edge.auth.LoginLimiter;
import dev.streamer.edge.auth.PasswordHasher;
import dev.streamer.edge.auth.TokenIssuer;
import dev.streamer.edge.auth.User;
import dev.streamer.edge.auth.UserRepository;
import dev.streamer.edge.kafka.ActivityPublisher;
import dev.streamer.edge.web.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletionStage;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
@Blocking
public class AuthResource {

    public record Credentials(String username, String password) {
    }

    /** Answer of logout: the event time of the sign-out events, so clients can place them in their window. */
    public record SignedOut(long occurredAt) {
    }

    public record LoginResponse(String token, long expiresAt, long occurredAt, User user) {
    }

    public record Me(String id, String username, List<String> communities) {
    }

    @Inject
    UserRepository users;
    @Inject
    PasswordHasher hasher;
    @Inject
    LoginLimiter limiter;
    @Inject
    TokenIssuer tokens;
    @Inject
    Communities communities;
    @Inject
    ActivityPublisher publisher;
    @Inject
    JsonWebToken jwt;

    @POST
    @Path("/auth/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Create an account (201); 400 on invalid username or password, 409 when the username is taken")
    public Response register(Credentials body) {
        if (body == null) {
            throw ApiException.badRequest("body {username, password} is required");
        }
        String username = body.username();
        if (username == null || !Limits.USERNAME.matcher(username).matches()) {
            throw ApiException.badRequest("username must be 3 to 32 of letters, digits, '_', '.', '-'");
        }
        String password = body.password();
        if (password == null || password.length() < 8) {
            throw ApiException.badRequest("password must have at least 8 characters");
        }
        if (password.getBytes(StandardCharsets.UTF_8).length > PasswordHasher.MAX_BYTES) {
            throw ApiException.badRequest("password must have at most " + PasswordHasher.MAX_BYTES + " bytes (UTF-8)");
        }
        User user = new User(UUID.randomUUID().toString(), username);
        if (!users.insert(user.id(), username, hasher.hash(password), System.currentTimeMillis())) {
            throw new ApiException(409, "Conflict", "username '" + username + "' is taken");
        }
        return Response.status(201).entity(user).build();
    }

    @POST
    @Path("/auth/login")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Sign in: a signed JWT and the user; emits USER_SIGNED_IN per membership. 401, 429 when rate-limited")
    public CompletionStage<LoginResponse> login(Credentials body) {
        if (body == null || body.username() == null || body.password() == null) {
            throw ApiException.badRequest("body {username, password} is required");
        }
        long now = System.currentTimeMillis();
        long wait = limiter.waitMillis(body.username(), now);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999) / 1000);
            throw new ApiException(429, "Too Many Requests",
                    "too many failed sign-ins for this username; retry in " + seconds + " s",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
        var account = users.byUsername(body.username());
        boolean ok;
        if (account.isEmpty()) {
            hasher.verifyDummy(body.password());
            ok = false;
        } else {
            ok = hasher.verify(body.password(), account.get().passwordHash());
        }
        if (!ok) {
            limiter.failed(body.username(), System.currentTimeMillis());
            throw new ApiException(401, "Unauthorized", "wrong username or password");
        }
        limiter.succeeded(body.username());
        User user = new User(account.get().id(), account.get().username());
        long at = System.currentTimeMillis();
        List<ActivityEvent> events = communities.ofUncached(user.id()).stream()
                .map(c -> ActivityEvent.signedIn(UUID.randomUUID().toString(), c, user.id(), at)).toList();
        TokenIssuer.Token token = tokens.issue(user, at);
        return publisher.publishAll(events).thenApply(v -> new LoginResponse(token.token(), token.expiresAt(), at, user));
    }

    @POST
    @Path("/auth/logout")
    @Authenticated
    @Operation(summary = "Sign out: {occurredAt} of the USER_SIGNED_OUT events it emits, one per membership")
    public CompletionStage<SignedOut> logout() {
        User user = Caller.of(jwt);
        long at = System.currentTimeMillis();
        List<ActivityEvent> events = communities.ofUncached(user.id()).stream()
                .map(c -> ActivityEvent.signedOut(UUID.randomUUID().toString(), c, user.id(), at)).toList();
        return publisher.publishAll(events).thenApply(v -> new SignedOut(at));
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The caller and the communities they belong to")
    public Me me() {
        User user = Caller.of(jwt);
        var account = users.byId(user.id())
                .orElseThrow(() -> ApiException.unauthorized("the token's user does not exist"));
        return new Me(account.id(), account.username(), communities.ofUncached(user.id()));
    }
}
