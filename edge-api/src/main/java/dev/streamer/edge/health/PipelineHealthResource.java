package dev.streamer.edge.health;

import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** The pipeline health view's figures, one JSON document (signed-in users). */
@Path("/api/health/pipeline")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "platform")
@Authenticated
public class PipelineHealthResource {

    @Inject
    PipelineHealthService health;

    @GET
    @Blocking
    @Operation(
            summary = "The pipeline's health: accepted events/s, the job's consumer lag, checkpoints, restarts, DLQ, "
                    + "late events, results/s, WebSocket clients and freshness; a source that is down makes its panels "
                    + "\"unavailable\"")
    public PipelineHealth pipeline() {
        return health.sample();
    }
}
