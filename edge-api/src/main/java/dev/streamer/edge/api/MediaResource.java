package dev.streamer.edge.api;

import dev.streamer.contract.Limits;
import dev.streamer.edge.auth.User;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.web.ApiException;
import dev.streamer.edge.web.RateLimits;
import io.quarkus.security.Authenticated;
import io.smallrye.common.annotation.Blocking;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;

@Path("/api")
@Authenticated
@Blocking
@Tag(name = "media")
public class MediaResource {

    public static final int MAX_BYTES = 5 * 1024 * 1024;

    public record Uploaded(String mediaId, String contentType, long size, String url) {}

    @Inject
    MediaStore store;

    @Inject
    JsonWebToken jwt;

    @Inject
    RateLimits rateLimits;

    @Inject
    EdgeConfig config;

    @POST
    @Path("/media")
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(
            summary = "Upload an image (multipart field 'file'; PNG, JPEG, GIF or WebP by content; at most 5 MB, "
                    + "8192 px a side and 25 megapixels; per-user quota)")
    public Response upload(@RestForm("file") FileUpload file) {
        String owner = Caller.of(jwt).id();
        rateLimits.take(owner, RateLimits.Kind.UPLOADS);
        if (file == null || file.uploadedFile() == null) {
            throw ApiException.badRequest("multipart field 'file' is required");
        }
        long size = file.size();
        if (size == 0) {
            throw ApiException.badRequest("the file is empty");
        }
        if (size > MAX_BYTES) {
            throw new ApiException(
                    413, "Content Too Large", "images may have at most " + MAX_BYTES + " bytes; got " + size);
        }
        byte[] data;
        try {
            data = Files.readAllBytes(file.uploadedFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ImageType type = ImageType.sniff(data)
                .orElseThrow(() -> new ApiException(
                        415, "Unsupported Media Type", "the file is not a PNG, JPEG, GIF or WebP image"));
        // what every browser showing the feed would allocate: a tiny file may declare a huge canvas
        ImageHeader header = ImageHeader.read(type, data)
                .orElseThrow(() ->
                        new ApiException(415, "Unsupported Media Type", "the " + type + " header cannot be read"));
        int maxSide = config.media().maxSide();
        long maxPixels = config.media().maxPixels();
        if (header.width() > maxSide || header.height() > maxSide || header.pixels() > maxPixels) {
            throw new ApiException(
                    413,
                    "Content Too Large",
                    "the image is " + header.width() + "×" + header.height() + " pixels; at most " + maxSide
                            + " a side and " + maxPixels + " in all");
        }
        String id = UUID.randomUUID().toString();
        long quota = config.media().quotaBytes();
        if (!store.insertWithin(id, owner, type.contentType(), data, sha256(data), System.currentTimeMillis(), quota)) {
            throw new ApiException(
                    413,
                    "Content Too Large",
                    "your images would take more than your quota of " + quota + " bytes; delete some first");
        }
        return Response.status(201)
                .entity(new Uploaded(id, type.contentType(), data.length, "/api/media/" + id))
                .build();
    }

    @GET
    @Path("/media/{id}")
    @Operation(
            summary = "An uploaded image, with its content type; immutable. Only for its owner and the members of a "
                    + "community where a post shows it (404 for anyone else)")
    public Response get(@PathParam("id") String id) {
        User user = Caller.of(jwt);
        if (id == null || !Limits.UUID.matcher(id).matches()) {
            throw ApiException.notFound("no media '" + Communities.abbreviate(id) + "'");
        }
        MediaStore.Stored m =
                store.findVisibleTo(id, user.id()).orElseThrow(() -> ApiException.notFound("no media " + id));
        return Response.ok(m.data(), m.contentType())
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "private, max-age=31536000, immutable")
                .header("ETag", "\"" + m.sha256() + "\"")
                .header("Content-Disposition", "inline")
                .build();
    }

    private static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
