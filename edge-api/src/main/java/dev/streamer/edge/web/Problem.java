package dev.streamer.edge.web;

import jakarta.ws.rs.core.Response;
import java.util.Map;

/** RFC 9457 problem details, the body of every error response. */
public record Problem(String type, String title, int status, String detail) {

    public static final String MEDIA_TYPE = "application/problem+json";

    public static Response response(int status, String title, String detail) {
        return response(status, title, detail, Map.of());
    }

    public static Response response(int status, String title, String detail, Map<String, String> headers) {
        Response.ResponseBuilder b =
                Response.status(status).type(MEDIA_TYPE).entity(new Problem("about:blank", title, status, detail));
        headers.forEach(b::header);
        return b.build();
    }

    public static String reason(int status) {
        Response.Status s = Response.Status.fromStatusCode(status);
        if (s != null) {
            return s.getReasonPhrase();
        }
        return switch (status) {
            case 413 -> "Content Too Large";
            case 429 -> "Too Many Requests";
            default -> "Error";
        };
    }
}
