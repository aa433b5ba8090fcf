package dev.streamer.edge.api;

import dev.streamer.edge.web.PublicUrls;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** What the UI needs to know at run time (rather than baked into its build). Public. */
@Path("/api/config")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "platform")
public class ConfigResource {

    public record UiConfig(String livePushUrl) {}

    @Inject
    PublicUrls urls;

    @GET
    @PermitAll
    @Operation(summary = "The UI's run-time configuration: livePushUrl, the prefix of /ws/communities/{id}")
    public UiConfig config(@Context HttpServerRequest request) {
        return new UiConfig(urls.livePushUrl(request));
    }
}
