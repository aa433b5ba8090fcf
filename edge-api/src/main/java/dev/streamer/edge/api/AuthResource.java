package dev.streamer.edge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Json;
import dev.streamer.contract.Limits;
import dev.streamer.contract.SessionPayload;
import dev.streamer.contract.Texts;
import dev.streamer.edge.auth.CachingJwtParser;
import dev.streamer.edge.auth.LoginLimiter;
import dev.streamer.edge.auth.PasswordHasher;
import dev.streamer.edge.auth.TokenIssuer;
import dev.streamer.edge.auth.TokenRevocations;
import dev.streamer.edge.auth.User;
import dev.streamer.edge.auth.UserRepository;
import dev.streamer.edge.kafka.ActivityPublisher;
import dev.streamer.edge.web.ApiException;
import dev.streamer.edge.web.RateLimits;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import io.smallrye.jwt.auth.principal.ParseException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import java.util.function.LongFunction;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "accounts")
@Blocking
public class AuthResource {

    public record Credentials(String username, String password) {}

    /** Answer of logout: the event time of the sign-out events, so clients can place them in their window. */
    public record SignedOut(long occurredAt) {}

    public record LoginResponse(String token, long expiresAt, long occurredAt, User user) {}

    public record Me(String id, String username, List<String> communities) {}

    /**
     * What an Idempotency-Key keeps for a sign-in or sign-out: the events' time, the events (encoded) and, for a
     * sign-in, the session they name (null in answers stored before sessions were named).
     */
    record SignEvents(long occurredAt, List<String> events, String tokenId, long expiresAt) {

        List<ActivityEvent> decoded() {
            return events.stream().map(EventCodec::decode).toList();
        }
    }

    private static final ObjectMapper JSON = Json.mapper();

    @Inject
    UserRepository users;

    @Inject
    PasswordHasher hasher;

    @Inject
    LoginLimiter limiter;

    @Inject
    TokenIssuer tokens;

    @Inject
    CachingJwtParser parser;

    @Inject
    TokenRevocations revocations;

    @Inject
    Communities communities;

    @Inject
    ActivityPublisher publisher;

    @Inject
    IdempotencyKeys idempotency;

    @Inject
    RateLimits rateLimits;

    @Inject
    JsonWebToken jwt;

    @POST
    @Path("/auth/register")
    @Consumes(MediaType.APPLICATION_JSON)
    @PermitAll
    @Operation(summary = "Create an account (201); 400 on invalid username or password, 409 when the username is taken")
    public Response register(Credentials body) {
        String username = username(body);
        String password = password(body);
        if (password.length() < 8) {
            throw ApiException.badRequest("password must have at least 8 characters");
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
    @Operation(
            summary =
                    "Sign in: a signed JWT and the user; emits USER_SIGNED_IN per membership, each naming the token's session (jti, expiry). 401, 429 when "
                            + "rate-limited. With an Idempotency-Key a retry gets the first attempt's events again (and a new token)")
    public CompletionStage<LoginResponse> login(
            Credentials body, @HeaderParam(IdempotencyKeys.HEADER) String key, @Context HttpServerRequest request) {
        String username = username(body);
        String password = password(body);
        // the database compares names without regard to case (and validation leaves only ASCII): so does the limiter
        String canonical = username.toLowerCase(Locale.ROOT);
        String address = clientAddress(request);
        long wait = limiter.attempt(canonical, address);
        if (wait > 0) {
            long seconds = Math.max(1, (wait + 999) / 1000);
            throw new ApiException(
                    429,
                    "Too Many Requests",
                    "too many sign-in attempts for this username or failed ones from this address; retry in " + seconds
                            + " s",
                    Map.of("Retry-After", String.valueOf(seconds)));
        }
        Optional<UserRepository.Account> account;
        try {
            account = users.byUsername(username);
        } catch (RuntimeException e) {
            limiter.notChecked(canonical);
            throw e;
        }
        boolean ok;
        if (account.isEmpty()) {
            hasher.verifyDummy(password);
            ok = false;
        } else {
            ok = hasher.verify(password, account.get().passwordHash());
        }
        if (!ok) {
            limiter.failed(address);
            throw new ApiException(401, "Unauthorized", "wrong username or password");
        }
        limiter.succeeded(canonical);
        User user = new User(account.get().id(), account.get().username());
        rateLimits.take(user.id(), RateLimits.Kind.EVENTS);
        long now = System.currentTimeMillis();
        TokenIssuer.Planned session = tokens.plan(now);
        SessionPayload payload = new SessionPayload(session.tokenId(), session.expiresAt());
        SignEvents sign = signEvents(
                user,
                key,
                "POST login",
                payload,
                at -> communities.ofUncached(user.id()).stream()
                        .map(c -> ActivityEvent.signedIn(UUID.randomUUID().toString(), c, user.id(), at, payload))
                        .toList());
        // a retry gets a token of the session the first attempt's events named
        TokenIssuer.Token token = tokens.issue(
                user,
                now,
                sign.tokenId() == null ? session : new TokenIssuer.Planned(sign.tokenId(), sign.expiresAt()));
        return publisher
                .publishAll(sign.decoded())
                .thenApply(v -> new LoginResponse(token.token(), token.expiresAt(), sign.occurredAt(), user));
    }

    /**
     * Revokes the token (refused from now on by every edge-api and live-push instance), then emits USER_SIGNED_OUT per
     * membership. Verifies the token itself rather than through {@code @Authenticated}: a retry with the same
     * Idempotency-Key after the first attempt revoked the token must still get that attempt's answer.
     */
    @POST
    @Path("/auth/logout")
    @PermitAll
    @Operation(
            summary = "Sign out: revokes the token; {occurredAt} of the USER_SIGNED_OUT events it emits, one per "
                    + "membership. With an Idempotency-Key a retry gets the first attempt's answer and events, even though "
                    + "the token is revoked by then")
    public CompletionStage<SignedOut> logout(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @HeaderParam(IdempotencyKeys.HEADER) String key) {
        JsonWebToken token = bearer(authorization);
        User user = Caller.of(token);
        String jti = token.getTokenID();
        boolean alreadyRevoked = revocations.isRevoked(jti);
        if (alreadyRevoked && key == null) {
            throw ApiException.unauthorized("this token was signed out");
        }
        rateLimits.take(user.id(), RateLimits.Kind.EVENTS);
        // a token that is signed out already may only repeat the answer stored under this key
        SessionPayload session = new SessionPayload(jti, token.getExpirationTime() * 1000);
        SignEvents sign = signEvents(
                user,
                key,
                "POST logout\n" + jti,
                session,
                alreadyRevoked
                        ? null
                        : at -> communities.ofUncached(user.id()).stream()
                                .map(c -> ActivityEvent.signedOut(
                                        UUID.randomUUID().toString(), c, user.id(), at, session))
                                .toList());
        if (sign == null) {
            throw ApiException.unauthorized("this token was signed out");
        }
        revocations.revoke(jti, user.id(), token.getExpirationTime() * 1000);
        return publisher.publishAll(sign.decoded()).thenApply(v -> new SignedOut(sign.occurredAt()));
    }

    @GET
    @Path("/me")
    @Authenticated
    @Operation(summary = "The caller and the communities they belong to")
    public Me me() {
        User user = Caller.of(jwt);
        var account =
                users.byId(user.id()).orElseThrow(() -> ApiException.unauthorized("the token's user does not exist"));
        return new Me(account.id(), account.username(), communities.ofUncached(user.id()));
    }

    /**
     * The events of a sign-in or sign-out, and their time: new ones, or those stored under the Idempotency-Key; with a
     * null {@code fresh} only stored ones (else null).
     */
    private SignEvents signEvents(
            User user, String key, String request, SessionPayload session, LongFunction<List<ActivityEvent>> fresh) {
        return idempotency.answerFor(
                user.id(),
                key,
                request,
                at -> fresh == null
                        ? null
                        : new SignEvents(
                                at,
                                fresh.apply(at).stream()
                                        .map(EventCodec::encodeToString)
                                        .toList(),
                                session.tokenId(),
                                session.expiresAt()),
                AuthResource::write,
                s -> read(s, SignEvents.class));
    }

    private JsonWebToken bearer(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw ApiException.unauthorized("a valid bearer token is required");
        }
        try {
            return parser.verifiedIgnoringRevocation(authorization.substring(7).trim());
        } catch (ParseException e) {
            throw ApiException.unauthorized("a valid bearer token is required");
        }
    }

    /** The username of a register or login body: 3–32 of {@code A-Za-z0-9_.-}, exactly (no spaces, no accents). */
    private static String username(Credentials body) {
        if (body == null || body.username() == null || body.password() == null) {
            throw ApiException.badRequest("body {username, password} is required");
        }
        if (!Limits.USERNAME.matcher(body.username()).matches()) {
            throw ApiException.badRequest("username must be 3 to 32 of letters, digits, '_', '.', '-'");
        }
        return body.username();
    }

    /** The password of a register or login body: well-formed UTF-16, at most what bcrypt takes whole. */
    private static String password(Credentials body) {
        String password = body.password();
        if (!Texts.isWellFormed(password)) {
            throw ApiException.badRequest("password is not well-formed Unicode (a lone surrogate)");
        }
        if (!PasswordHasher.fits(password)) {
            throw ApiException.badRequest("password must have at most " + PasswordHasher.MAX_BYTES + " bytes (UTF-8)");
        }
        return password;
    }

    private static String clientAddress(HttpServerRequest request) {
        return request == null || request.remoteAddress() == null
                ? "unknown"
                : request.remoteAddress().hostAddress();
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JSON.readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
