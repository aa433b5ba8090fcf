package dev.streamer.edge.api;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.CommentPayload;
import dev.streamer.contract.EventType;
import dev.streamer.contract.EventValidator;
import dev.streamer.contract.Limits;
import dev.streamer.contract.PostPayload;
import dev.streamer.edge.auth.User;
import dev.streamer.edge.kafka.ActivityPublisher;
import dev.streamer.edge.web.ApiException;
import dev.streamer.edge.web.RateLimits;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletionStage;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Writes that become events: answered 202 only after Kafka acknowledged the event, else 503. With an
 * {@code Idempotency-Key} header a retry gets the first attempt's event again ({@link IdempotencyKeys}). Each takes a
 * token of the user's {@link RateLimits.Kind#EVENTS} bucket first (429 + Retry-After when it is empty).
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
@Tag(name = "activity")
public class ActivityResource {

    public record NewPost(String text, String mediaId) {}

    public record NewComment(String text) {}

    public record PostAccepted(String postId, String eventId, long occurredAt) {}

    public record CommentAccepted(String commentId, String eventId, long occurredAt) {}

    public record Accepted(String eventId, long occurredAt) {}

    private static final int MAX_COMMENTS = 1000;

    @Inject
    Communities communities;

    @Inject
    MediaStore media;

    @Inject
    Reads reads;

    @Inject
    ActivityPublisher publisher;

    @Inject
    JsonWebToken jwt;

    @Inject
    IdempotencyKeys idempotency;

    @Inject
    RateLimits rateLimits;

    @POST
    @Path("/communities/{id}/posts")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a post (202 after Kafka acknowledged POST_CREATED)")
    public CompletionStage<Response> post(
            @PathParam("id") String communityId, NewPost body, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        User user = Caller.of(jwt);
        rateLimits.take(user.id(), RateLimits.Kind.EVENTS);
        communities.requireMember(user.id(), communityId);
        if (body == null) {
            throw ApiException.badRequest("body {text, mediaId?} is required");
        }
        String text = EventValidator.text("text", body.text(), Limits.POST_TEXT_MAX);
        String mediaId = body.mediaId();
        if (mediaId != null) {
            EventValidator.uuid("mediaId", mediaId);
            if (!media.isOwnedBy(mediaId, user.id())) {
                throw ApiException.badRequest("mediaId " + mediaId + " does not name an image you uploaded");
            }
        }
        ActivityEvent event = idempotency.eventFor(
                user.id(),
                key,
                request("POST posts", communityId, text, mediaId),
                () -> ActivityEvent.postCreated(
                        UUID.randomUUID().toString(),
                        communityId,
                        user.id(),
                        UUID.randomUUID().toString(),
                        System.currentTimeMillis(),
                        new PostPayload(text, mediaId, user.username())));
        return publisher
                .publish(event)
                .thenApply(e -> Response.accepted(new PostAccepted(e.postId(), e.eventId(), e.occurredAt()))
                        .build());
    }

    @POST
    @Path("/posts/{id}/like")
    @Operation(summary = "Like a post (202 after Kafka acknowledged POST_LIKED)")
    public CompletionStage<Response> like(
            @PathParam("id") String postId, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return interaction(postId, EventType.POST_LIKED, key);
    }

    @DELETE
    @Path("/posts/{id}/like")
    @Operation(summary = "Remove a like (202 after Kafka acknowledged POST_UNLIKED)")
    public CompletionStage<Response> unlike(
            @PathParam("id") String postId, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return interaction(postId, EventType.POST_UNLIKED, key);
    }

    @POST
    @Path("/posts/{id}/shares")
    @Operation(summary = "Share a post (202 after Kafka acknowledged POST_SHARED)")
    public CompletionStage<Response> share(
            @PathParam("id") String postId, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        return interaction(postId, EventType.POST_SHARED, key);
    }

    @POST
    @Path("/posts/{id}/comments")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Comment on a post (202 after Kafka acknowledged COMMENT_ADDED)")
    public CompletionStage<Response> comment(
            @PathParam("id") String postId, NewComment body, @HeaderParam(IdempotencyKeys.HEADER) String key) {
        User user = Caller.of(jwt);
        rateLimits.take(user.id(), RateLimits.Kind.EVENTS);
        String communityId = postCommunity(user, postId);
        if (body == null) {
            throw ApiException.badRequest("body {text} is required");
        }
        String text = EventValidator.text("text", body.text(), Limits.COMMENT_TEXT_MAX);
        ActivityEvent event = idempotency.eventFor(
                user.id(),
                key,
                request("POST comments", postId, text),
                () -> ActivityEvent.commentAdded(
                        UUID.randomUUID().toString(),
                        communityId,
                        user.id(),
                        postId,
                        System.currentTimeMillis(),
                        new CommentPayload(UUID.randomUUID().toString(), text, user.username())));
        return publisher
                .publish(event)
                .thenApply(e -> Response.accepted(
                                new CommentAccepted(e.comment().commentId(), e.eventId(), e.occurredAt()))
                        .build());
    }

    @GET
    @Path("/posts/{id}/comments")
    @Operation(summary = "A post's comments, oldest first")
    public List<Reads.Comment> comments(@PathParam("id") String postId) {
        User user = Caller.of(jwt);
        postCommunity(user, postId);
        return reads.comments(postId, MAX_COMMENTS);
    }

    private CompletionStage<Response> interaction(String postId, EventType type, String key) {
        User user = Caller.of(jwt);
        rateLimits.take(user.id(), RateLimits.Kind.EVENTS);
        String communityId = postCommunity(user, postId);
        ActivityEvent event = idempotency.eventFor(
                user.id(),
                key,
                request(type.name(), postId),
                () -> ActivityEvent.interaction(
                        UUID.randomUUID().toString(),
                        type,
                        communityId,
                        user.id(),
                        postId,
                        System.currentTimeMillis()));
        return publisher
                .publish(event)
                .thenApply(e -> Response.accepted(new Accepted(e.eventId(), e.occurredAt()))
                        .build());
    }

    /** What tells one request from another for an idempotency key: its kind and its fields, unambiguously joined. */
    private static String request(String kind, String... fields) {
        StringBuilder b = new StringBuilder(kind);
        for (String f : fields) {
            b.append('\n').append(f == null ? "-" : f.length() + ":" + f);
        }
        return b.toString();
    }

    /** 404 for a post that is not (yet) stored, 403 when the caller is not a member of its community. */
    private String postCommunity(User user, String postId) {
        if (postId == null || !Limits.UUID.matcher(postId).matches()) {
            throw ApiException.notFound("no post '" + Communities.abbreviate(postId) + "'");
        }
        String communityId =
                reads.communityOfPost(postId).orElseThrow(() -> ApiException.notFound("no post " + postId));
        communities.requireMember(user.id(), communityId);
        return communityId;
    }
}
