package dev.streamer.edge.api;

import dev.streamer.contract.Limits;
import dev.streamer.edge.web.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
@Blocking
@Tag(name = "communities")
public class CommunityResource {

    private static final long DEFAULT_ANALYTICS_RANGE_MS = 10 * 60_000L;
    private static final long MAX_ANALYTICS_RANGE_MS = 24 * 3600_000L;

    @Inject
    Communities communities;

    @Inject
    Reads reads;

    @Inject
    JsonWebToken jwt;

    @GET
    @Path("/communities")
    @Operation(summary = "All communities, with member count and whether the caller is a member")
    public List<Communities.Community> list() {
        return communities.list(Caller.of(jwt).id());
    }

    @POST
    @Path("/communities/{id}/join")
    @Operation(summary = "Join a community (204; idempotent)")
    public Response join(@PathParam("id") String id) {
        communities.join(Caller.of(jwt).id(), id);
        return Response.noContent().build();
    }

    @POST
    @Path("/communities/{id}/leave")
    @Operation(summary = "Leave a community (204; idempotent)")
    public Response leave(@PathParam("id") String id) {
        communities.leave(Caller.of(jwt).id(), id);
        return Response.noContent().build();
    }

    @GET
    @Path("/communities/{id}/feed")
    @Operation(summary = "Posts newest first, keyset-paged: pass nextBefore as before for the next page")
    public Reads.FeedPage feed(
            @PathParam("id") String id, @QueryParam("before") String before, @QueryParam("limit") String limit) {
        String userId = Caller.of(jwt).id();
        communities.requireMember(userId, id);
        long n = number("limit", limit, 20);
        if (n < 1 || n > 50) {
            throw ApiException.badRequest("limit must be 1..50");
        }
        return reads.feed(id, userId, Reads.Cursor.parse(before), (int) n);
    }

    @GET
    @Path("/communities/{id}/analytics")
    @Operation(summary = "Window results between from and to (epoch ms; default the last 10 minutes); id may be 'all'")
    public List<Reads.Window> analytics(
            @PathParam("id") String id, @QueryParam("from") String from, @QueryParam("to") String to) {
        String userId = Caller.of(jwt).id();
        if (!Limits.ALL_COMMUNITIES.equals(id)) {
            communities.requireMember(userId, id);
        }
        long end = number("to", to, System.currentTimeMillis());
        long start = number("from", from, end - DEFAULT_ANALYTICS_RANGE_MS);
        if (start < 0 || end < start) {
            throw ApiException.badRequest("from and to must be epoch millis with from <= to");
        }
        if (end - start > MAX_ANALYTICS_RANGE_MS) {
            throw ApiException.badRequest("the range may span at most 24 hours");
        }
        return reads.windows(id, start, end);
    }

    /**
     * A numeric query parameter, or {@code fallback} when absent. Declared as a string because JAX-RS answers 404 to a
     * parameter it cannot convert; a caller who typed {@code limit=many} should hear what is wrong.
     */
    private static long number(String name, String value, long fallback) {
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be an integer, not '" + Communities.abbreviate(value) + "'");
        }
    }
}
