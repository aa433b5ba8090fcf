package dev.streamer.edge.web;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;

/**
 * The status codes every route answers, in one place, written into {@code /q/openapi} (registered as
 * {@code mp.openapi.filter}). SmallRye generates one 200 per operation from the method signatures; this filter
 * replaces each operation's responses with the codes listed here: the success code keeps the generated body schema,
 * every error code is an RFC 9457 {@code application/problem+json} body ({@code Problem}), and 429/503 declare their
 * {@code Retry-After} header. {@code OpenApiIT} drives every operation and checks that what it answers is declared and
 * what is declared is answered (429 and 503, which need a fault, are checked where a test can cause them).
 */
public class OpenApiContract implements OASFilter {

    /** "METHOD /path" → the codes it answers, the success code first. */
    public static final Map<String, List<Integer>> CODES = codes();

    private static Map<String, List<Integer>> codes() {
        Map<String, List<Integer>> m = new LinkedHashMap<>();
        // 413 and 415 wherever a body is read: the body limit and the content type are checked before the route runs
        m.put("POST /api/auth/register", List.of(201, 400, 409, 413, 415, 503));
        m.put("POST /api/auth/login", List.of(200, 400, 401, 413, 415, 429, 503));
        m.put("POST /api/auth/logout", List.of(200, 400, 401, 422, 429, 503));
        m.put("GET /api/me", List.of(200, 401, 503));
        m.put("GET /api/config", List.of(200));
        m.put("GET /api/health/pipeline", List.of(200, 401));
        m.put("GET /api/communities", List.of(200, 401, 503));
        m.put("POST /api/communities/{id}/join", List.of(204, 401, 404, 503));
        m.put("POST /api/communities/{id}/leave", List.of(204, 401, 404, 503));
        m.put("GET /api/communities/{id}/feed", List.of(200, 400, 401, 403, 404, 503));
        m.put("GET /api/communities/{id}/analytics", List.of(200, 400, 401, 403, 404, 503));
        m.put("POST /api/communities/{id}/posts", List.of(202, 400, 401, 403, 404, 413, 415, 422, 429, 503));
        m.put("POST /api/posts/{id}/like", List.of(202, 400, 401, 403, 404, 422, 429, 503));
        m.put("DELETE /api/posts/{id}/like", List.of(202, 400, 401, 403, 404, 422, 429, 503));
        m.put("POST /api/posts/{id}/shares", List.of(202, 400, 401, 403, 404, 422, 429, 503));
        m.put("POST /api/posts/{id}/comments", List.of(202, 400, 401, 403, 404, 413, 415, 422, 429, 503));
        m.put("GET /api/posts/{id}/comments", List.of(200, 401, 403, 404, 503));
        m.put("POST /api/media", List.of(201, 400, 401, 413, 415, 429, 503));
        m.put("GET /api/media/{id}", List.of(200, 401, 404, 503));
        m.put("POST /api/bench/noop", List.of(202, 401, 404, 413, 415));
        return Map.copyOf(m);
    }

    private static final String PROBLEM = "Problem";

    private static final Map<Integer, String> MEANING = Map.ofEntries(
            Map.entry(200, "OK"),
            Map.entry(201, "Created"),
            Map.entry(
                    202,
                    "Accepted: Kafka acknowledged the event; the feed and analytics show it once the job processed it"),
            Map.entry(204, "Done (idempotent)"),
            Map.entry(400, "Invalid input (body, parameter or Idempotency-Key)"),
            Map.entry(401, "No valid bearer token (missing, malformed, expired or signed out), or wrong credentials"),
            Map.entry(403, "The caller is not a member of the community"),
            Map.entry(404, "No such resource, or not visible to the caller"),
            Map.entry(409, "The username is taken"),
            Map.entry(413, "The body, image or upload quota is too large"),
            Map.entry(415, "Unsupported content type or image format"),
            Map.entry(422, "The Idempotency-Key was used before for a different request"),
            Map.entry(429, "Rate-limited; retry after Retry-After seconds"),
            Map.entry(
                    503,
                    "Kafka or MySQL is unavailable; retry after Retry-After seconds (with the same Idempotency-Key)"));

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        Components components =
                openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.addSchema(PROBLEM, problemSchema());
        if (openAPI.getPaths() == null) {
            return;
        }
        openAPI.getPaths()
                .getPathItems()
                .forEach((path, item) -> item.getOperations().forEach((method, operation) -> {
                    List<Integer> codes = CODES.get(method + " " + path);
                    if (codes != null) {
                        operation.setResponses(responses(operation, codes));
                    }
                }));
    }

    private static APIResponses responses(Operation operation, List<Integer> codes) {
        APIResponse generated = generatedSuccess(operation.getResponses());
        APIResponses responses = OASFactory.createAPIResponses();
        for (int code : codes) {
            APIResponse r =
                    OASFactory.createAPIResponse().description(MEANING.getOrDefault(code, Problem.reason(code)));
            if (code < 300) {
                if (generated != null && generated.getContent() != null && code != 204) {
                    r.content(generated.getContent());
                }
            } else {
                r.content(OASFactory.createContent()
                        .addMediaType(
                                Problem.MEDIA_TYPE,
                                OASFactory.createMediaType()
                                        .schema(OASFactory.createSchema().ref(PROBLEM))));
                if (code == 401) {
                    r.addHeader("WWW-Authenticate", header("Bearer"));
                }
                if (code == 429 || code == 503) {
                    r.addHeader("Retry-After", header("Seconds to wait before the next attempt"));
                }
            }
            responses.addAPIResponse(String.valueOf(code), r);
        }
        return responses;
    }

    private static APIResponse generatedSuccess(APIResponses responses) {
        if (responses == null || responses.getAPIResponses() == null) {
            return null;
        }
        return responses.getAPIResponses().entrySet().stream()
                .filter(e -> e.getKey().startsWith("2"))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse(null);
    }

    private static Header header(String description) {
        return OASFactory.createHeader()
                .description(description)
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.STRING));
    }

    private static Schema problemSchema() {
        Schema string = OASFactory.createSchema().addType(Schema.SchemaType.STRING);
        return OASFactory.createSchema()
                .addType(Schema.SchemaType.OBJECT)
                .description("RFC 9457 problem details")
                .addProperty("type", string)
                .addProperty("title", string)
                .addProperty(
                        "status",
                        OASFactory.createSchema()
                                .addType(Schema.SchemaType.INTEGER)
                                .format("int32"))
                .addProperty("detail", string)
                .required(List.of("type", "title", "status", "detail"));
    }
}
