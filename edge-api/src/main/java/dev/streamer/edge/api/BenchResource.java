package dev.streamer.edge.api;

import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.web.ApiException;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * Benchmark baseline only, off unless {@code streamer.bench.enabled=true}: same auth, same JSON body, same worker
 * thread as POST /api/communities/{id}/posts, but no membership check, no validation and no Kafka.
 */
@Path("/api/bench/noop")
@Authenticated
@Blocking
@Tag(name = "benchmark")
public class BenchResource {

    @Inject
    EdgeConfig config;

    @Inject
    JsonWebToken jwt;

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Benchmark no-op (404 unless streamer.bench.enabled=true)")
    public Response noop(ActivityResource.NewPost body) {
        if (!config.bench().enabled()) {
            throw ApiException.notFound("no such resource");
        }
        Caller.of(jwt);
        return Response.accepted(new ActivityResource.Accepted("00000000-0000-0000-0000-000000000000", 0))
                .build();
    }
}
