package dev.streamer.edge;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.WithTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Issue 15: {@code /q/openapi} declares, for every operation, the status codes the route really answers. Every
 * operation of the document is driven into each of its answers; each answer must be declared (errors as
 * problem+json), and each declared code must have been answered here, except 503 (DatabaseOutageIT and KafkaOutageIT
 * drive every route into it) and the 202 of the benchmark route, which only a benchmark stack enables.
 */
@QuarkusTest
@WithTestResource(EdgeTestResources.class)
class OpenApiIT {

    private static final String PASSWORD = "correct horse";
    /** Codes no request of this test can cause: an outage, or a route switched off in this configuration. */
    private static final Map<String, Set<Integer>> CAUSED_ELSEWHERE = Map.of("POST /api/bench/noop", Set.of(202));
    /** Above quarkus.http.limits.max-body-size (8M). */
    private static final int TOO_LARGE = 9 * 1024 * 1024;

    @TestHTTPResource(value = "/", management = true)
    URL management;

    @TestHTTPResource("/")
    URI base;

    @Inject
    AgroalDataSource ds;

    private final Map<String, Set<Integer>> answered = new TreeMap<>();
    private JsonNode doc;

    @Test
    void everyOperationDeclaresTheCodesItAnswersAndAnswersTheCodesItDeclares() throws Exception {
        doc = new ObjectMapper()
                .readTree(RestAssured.given()
                        .port(management.getPort())
                        .accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());

        Api.Session s = Api.member("oas", "facebook");
        Api.Session other = Api.member("oasother", "skype");
        Rows rows = new Rows(ds);
        String post = rows.post("facebook", s.id(), s.username(), "a post", System.currentTimeMillis());
        String foreignPost = rows.post("skype", other.id(), other.username(), "not yours", System.currentTimeMillis());
        String unknownPost = UUID.randomUUID().toString();

        accounts(s);
        communities(s);
        String secondPost = rows.post("facebook", s.id(), s.username(), "another post", System.currentTimeMillis());
        activity(s, post, secondPost, foreignPost, unknownPost);
        media(s);
        drive("GET /api/config", () -> RestAssured.given().get("/api/config"));
        drive("GET /api/health/pipeline", () -> s.as().get("/api/health/pipeline"));
        drive("GET /api/health/pipeline", () -> RestAssured.given().get("/api/health/pipeline"));
        drive(
                "POST /api/bench/noop",
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "x"))
                        .post("/api/bench/noop"));
        drive(
                "POST /api/bench/noop",
                () -> RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/bench/noop"));
        drive(
                "POST /api/bench/noop",
                () -> s.as().contentType(ContentType.TEXT).body("x").post("/api/bench/noop"));
        tooLarge("POST /api/bench/noop", "/api/bench/noop", s);
        rateLimits(s, post);

        List<String> problems = new ArrayList<>();
        Map<String, Set<Integer>> declared = declared();
        for (Map.Entry<String, Set<Integer>> op : declared.entrySet()) {
            Set<Integer> missing = new TreeSet<>(op.getValue());
            missing.removeAll(answered.getOrDefault(op.getKey(), Set.of()));
            missing.remove(503);
            missing.removeAll(CAUSED_ELSEWHERE.getOrDefault(op.getKey(), Set.of()));
            if (!missing.isEmpty()) {
                problems.add(op.getKey() + " declares " + missing + " but never answered them here");
            }
            if (op.getValue().stream().noneMatch(c -> c < 300)) {
                problems.add(op.getKey() + " declares no success code");
            }
        }
        assertThat(answered.keySet()).as("operations driven").containsExactlyInAnyOrderElementsOf(declared.keySet());
        assertThat(problems).isEmpty();
    }

    @Test
    void theDocumentDeclaresTheBearerSchemeTheProblemBodyRetryAfterAndIdempotencyKeys() throws Exception {
        JsonNode d = new ObjectMapper()
                .readTree(RestAssured.given()
                        .port(management.getPort())
                        .accept("application/json")
                        .get("/q/openapi?format=json")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray());
        JsonNode schemes = d.path("components").path("securitySchemes");
        assertThat(schemes.size()).isEqualTo(1);
        JsonNode scheme = schemes.elements().next();
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        assertThat(d.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("required")
                        .toString())
                .contains("title", "status", "detail");

        Set<String> open =
                Set.of("POST /api/auth/register", "POST /api/auth/login", "POST /api/auth/logout", "GET /api/config");
        Set<String> keyed = Set.of(
                "POST /api/auth/login",
                "POST /api/auth/logout",
                "POST /api/communities/{id}/posts",
                "POST /api/posts/{id}/like",
                "DELETE /api/posts/{id}/like",
                "POST /api/posts/{id}/shares",
                "POST /api/posts/{id}/comments");
        operations(d, (name, op) -> {
            assertThat(op.has("security"))
                    .as(name + " requires the bearer token")
                    .isEqualTo(!open.contains(name));
            boolean hasKey = false;
            for (JsonNode p : op.path("parameters")) {
                hasKey |= p.path("in").asText().equals("header")
                        && p.path("name").asText().equals("Idempotency-Key");
            }
            assertThat(hasKey).as(name + " takes an Idempotency-Key header").isEqualTo(keyed.contains(name));
            op.path("responses").fields().forEachRemaining(r -> {
                int code = Integer.parseInt(r.getKey());
                if (code >= 400) {
                    assertThat(r.getValue()
                                    .path("content")
                                    .path("application/problem+json")
                                    .path("schema")
                                    .path("$ref")
                                    .asText())
                            .as(name + " " + code)
                            .endsWith("/Problem");
                }
                if (code == 429 || code == 503) {
                    assertThat(r.getValue().path("headers").has("Retry-After"))
                            .as(name + " " + code + " Retry-After")
                            .isTrue();
                }
            });
        });
    }

    private void accounts(Api.Session s) throws Exception {
        String name = Api.uniqueName("oasreg");
        drive("POST /api/auth/register", () -> Api.register(name, PASSWORD));
        drive("POST /api/auth/register", () -> Api.register(name, PASSWORD));
        drive("POST /api/auth/register", () -> Api.register(Api.uniqueName("oasshort"), "short"));
        drive(
                "POST /api/auth/register",
                () -> RestAssured.given()
                        .contentType(ContentType.TEXT)
                        .body("x")
                        .post("/api/auth/register"));
        tooLarge("POST /api/auth/register", "/api/auth/register", null);

        drive("POST /api/auth/login", () -> Api.login(name, PASSWORD));
        drive("POST /api/auth/login", () -> Api.login(name, "wrong password"));
        drive(
                "POST /api/auth/login",
                () -> RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body("{}")
                        .post("/api/auth/login"));
        drive(
                "POST /api/auth/login",
                () -> RestAssured.given()
                        .contentType(ContentType.TEXT)
                        .body("x")
                        .post("/api/auth/login"));
        tooLarge("POST /api/auth/login", "/api/auth/login", null);
        String locked = Api.uniqueName("oaslock");
        for (int i = 0;
                i < 10
                        && !answered.getOrDefault("POST /api/auth/login", Set.of())
                                .contains(429);
                i++) {
            drive("POST /api/auth/login", () -> Api.login(locked, "wrong password"));
        }

        String first =
                Api.login(name, PASSWORD).then().statusCode(200).extract().path("token");
        String second =
                Api.login(name, PASSWORD).then().statusCode(200).extract().path("token");
        String key = UUID.randomUUID().toString();
        drive(
                "POST /api/auth/logout",
                () -> RestAssured.given()
                        .header("Authorization", "Bearer " + first)
                        .header("Idempotency-Key", key)
                        .post("/api/auth/logout"));
        drive(
                "POST /api/auth/logout",
                () -> RestAssured.given()
                        .header("Authorization", "Bearer " + second)
                        .header("Idempotency-Key", key)
                        .post("/api/auth/logout"));
        drive(
                "POST /api/auth/logout",
                () -> RestAssured.given()
                        .header("Authorization", "Bearer " + second)
                        .header("Idempotency-Key", "not a key!")
                        .post("/api/auth/logout"));
        drive("POST /api/auth/logout", () -> RestAssured.given().post("/api/auth/logout"));

        drive("GET /api/me", () -> s.as().get("/api/me"));
        drive("GET /api/me", () -> RestAssured.given().get("/api/me"));
    }

    private void communities(Api.Session s) {
        drive("GET /api/communities", () -> s.as().get("/api/communities"));
        drive("GET /api/communities", () -> RestAssured.given().get("/api/communities"));
        for (String action : List.of("join", "leave")) {
            String op = "POST /api/communities/{id}/" + action;
            drive(op, () -> s.as().post("/api/communities/twitter/" + action));
            drive(op, () -> s.as().post("/api/communities/nowhere/" + action));
            drive(op, () -> RestAssured.given().post("/api/communities/twitter/" + action));
        }
        for (String view : List.of("feed", "analytics")) {
            String op = "GET /api/communities/{id}/" + view;
            String badParameter = view.equals("feed") ? "?limit=many" : "?from=yesterday";
            drive(op, () -> s.as().get("/api/communities/facebook/" + view));
            drive(op, () -> s.as().get("/api/communities/facebook/" + view + badParameter));
            drive(op, () -> s.as().get("/api/communities/skype/" + view));
            drive(op, () -> s.as().get("/api/communities/nowhere/" + view));
            drive(op, () -> RestAssured.given().get("/api/communities/facebook/" + view));
        }
    }

    private void activity(Api.Session s, String post, String secondPost, String foreignPost, String unknownPost)
            throws Exception {
        String posts = "POST /api/communities/{id}/posts";
        String key = UUID.randomUUID().toString();
        drive(
                posts,
                () -> s.as().header("Idempotency-Key", key)
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "hello"))
                        .post("/api/communities/facebook/posts"));
        drive(
                posts,
                () -> s.as().header("Idempotency-Key", key)
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "other"))
                        .post("/api/communities/facebook/posts"));
        drive(
                posts,
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", ""))
                        .post("/api/communities/facebook/posts"));
        drive(
                posts,
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/communities/skype/posts"));
        drive(
                posts,
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/communities/nowhere/posts"));
        drive(posts, () -> s.as().contentType(ContentType.TEXT).body("hi").post("/api/communities/facebook/posts"));
        tooLarge(posts, "/api/communities/facebook/posts", s);
        drive(
                posts,
                () -> RestAssured.given()
                        .contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/communities/facebook/posts"));

        for (String[] route : List.of(
                new String[] {"POST", "/like"},
                new String[] {"DELETE", "/like"},
                new String[] {"POST", "/shares"},
                new String[] {"POST", "/comments"})) {
            String op = route[0] + " /api/posts/{id}" + route[1];
            boolean body = route[1].equals("/comments");
            String k = UUID.randomUUID().toString();
            drive(op, () -> interact(s.as().header("Idempotency-Key", k), route, post, body));
            drive(op, () -> interact(s.as().header("Idempotency-Key", k), route, secondPost, body));
            drive(op, () -> interact(s.as().header("Idempotency-Key", "not a key!"), route, post, body));
            drive(op, () -> interact(s.as(), route, foreignPost, body));
            drive(op, () -> interact(s.as(), route, unknownPost, body));
            drive(op, () -> interact(RestAssured.given(), route, post, body));
            if (body) {
                drive(
                        op,
                        () -> s.as().contentType(ContentType.TEXT)
                                .body("nice")
                                .post("/api/posts/" + post + "/comments"));
                tooLarge(op, "/api/posts/" + post + "/comments", s);
            }
        }
        String comments = "GET /api/posts/{id}/comments";
        drive(comments, () -> s.as().get("/api/posts/" + post + "/comments"));
        drive(comments, () -> s.as().get("/api/posts/" + foreignPost + "/comments"));
        drive(comments, () -> s.as().get("/api/posts/" + unknownPost + "/comments"));
        drive(comments, () -> RestAssured.given().get("/api/posts/" + post + "/comments"));
    }

    private static Response interact(
            io.restassured.specification.RequestSpecification r, String[] route, String postId, boolean body) {
        String path = "/api/posts/" + postId + route[1];
        if (body) {
            return r.contentType(ContentType.JSON)
                    .body(Map.of("text", "nice " + postId))
                    .post(path);
        }
        return route[0].equals("DELETE") ? r.delete(path) : r.post(path);
    }

    private void media(Api.Session s) throws Exception {
        String upload = "POST /api/media";
        byte[] png = MediaIT.image("png");
        drive(upload, () -> s.as().multiPart("file", "a.png", png, "image/png").post("/api/media"));
        drive(upload, () -> s.as().multiPart("other", "a.png", png, "image/png").post("/api/media"));
        drive(
                upload,
                () -> s.as().multiPart("file", "a.txt", "not an image".getBytes(), "text/plain")
                        .post("/api/media"));
        drive(
                upload,
                () -> s.as().multiPart("file", "big.png", new byte[6 * 1024 * 1024], "image/png")
                        .post("/api/media"));
        drive(
                upload,
                () -> RestAssured.given()
                        .multiPart("file", "a.png", png, "image/png")
                        .post("/api/media"));
        String id = s.as().multiPart("file", "b.png", png, "image/png")
                .post("/api/media")
                .then()
                .statusCode(201)
                .extract()
                .path("mediaId");
        drive("GET /api/media/{id}", () -> s.as().get("/api/media/" + id));
        drive("GET /api/media/{id}", () -> s.as().get("/api/media/" + UUID.randomUUID()));
        drive("GET /api/media/{id}", () -> RestAssured.given().get("/api/media/" + id));
    }

    /**
     * 429 + Retry-After: a user's event bucket (burst 50) is drained with likes, then each other event route is asked
     * at once; uploads have a bucket of their own (burst 10). A route that got a token meanwhile is asked again.
     */
    private void rateLimits(Api.Session s, String post) {
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            tokens.add(Api.login(s.username(), PASSWORD)
                    .then()
                    .statusCode(200)
                    .extract()
                    .path("token"));
        }
        Iterator<String> logoutTokens = tokens.iterator();
        Map<String, Supplier<Response>> routes = new java.util.LinkedHashMap<>();
        routes.put("POST /api/posts/{id}/like", () -> s.as().post("/api/posts/" + post + "/like"));
        routes.put(
                "POST /api/communities/{id}/posts",
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/communities/facebook/posts"));
        routes.put("DELETE /api/posts/{id}/like", () -> s.as().delete("/api/posts/" + post + "/like"));
        routes.put("POST /api/posts/{id}/shares", () -> s.as().post("/api/posts/" + post + "/shares"));
        routes.put(
                "POST /api/posts/{id}/comments",
                () -> s.as().contentType(ContentType.JSON)
                        .body(Map.of("text", "hi"))
                        .post("/api/posts/" + post + "/comments"));
        // a logout that got a token revokes the one it was sent with: each attempt brings its own
        routes.put(
                "POST /api/auth/logout",
                () -> RestAssured.given()
                        .header("Authorization", "Bearer " + logoutTokens.next())
                        .post("/api/auth/logout"));
        for (Map.Entry<String, Supplier<Response>> route : routes.entrySet()) {
            for (int attempt = 0; attempt < 5 && !answered.get(route.getKey()).contains(429); attempt++) {
                for (int i = 0;
                        i < 80 && s.as().post("/api/posts/" + post + "/like").statusCode() != 429;
                        i++) {
                    // draining the bucket
                }
                drive(route.getKey(), route.getValue());
            }
        }
        for (int i = 0; i < 20 && !answered.get("POST /api/media").contains(429); i++) {
            drive(
                    "POST /api/media",
                    () -> s.as().multiPart("file", "x.txt", "x".getBytes(), "text/plain")
                            .post("/api/media"));
        }
    }

    /**
     * A JSON body larger than the limit, announced as HTTP clients announce large bodies ({@code Content-Length} and
     * {@code Expect: 100-continue}): the answer comes before the body is sent. Over a plain socket, since Java 17's
     * HttpClient waits for a 100 that never comes when the server answers at once.
     */
    private void tooLarge(String operation, String path, Api.Session as) throws Exception {
        try (Socket socket = new Socket(base.getHost(), base.getPort())) {
            socket.setSoTimeout(10_000);
            String head = "POST " + path + " HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                    + "Content-Type: application/json\r\nContent-Length: " + TOO_LARGE + "\r\nExpect: 100-continue\r\n"
                    + (as == null ? "" : "Authorization: Bearer " + as.token() + "\r\n") + "\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            java.io.InputStream in = socket.getInputStream();
            StringBuilder h = new StringBuilder();
            while (!h.toString().endsWith("\r\n\r\n")) {
                int c = in.read();
                if (c < 0) {
                    break;
                }
                h.append((char) c);
            }
            String headers = h.toString();
            int code = Integer.parseInt(headers.split(" ")[1]);
            String length = header(headers, "Content-Length");
            String body =
                    new String(in.readNBytes(length == null ? 0 : Integer.parseInt(length)), StandardCharsets.UTF_8);
            String contentType = header(headers, "Content-Type");
            check(operation, code, contentType == null ? "" : contentType, header(headers, "Retry-After"), body);
        }
    }

    private static String header(String head, String name) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return line.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** Sends the request; its answer must be declared for {@code operation}, an error as problem+json. */
    private void drive(String operation, Supplier<Response> request) {
        Response r = request.get();
        check(
                operation,
                r.statusCode(),
                r.contentType(),
                r.header("Retry-After"),
                r.body().asString());
    }

    private void check(String operation, int code, String contentType, String retryAfter, String body) {
        Set<Integer> declared = declared().get(operation);
        assertThat(declared).as("%s is in the document", operation).isNotNull();
        assertThat(declared)
                .as("%s answered %d (%s): declared", operation, code, body)
                .contains(code);
        if (code >= 400) {
            assertThat(contentType).as("%s %d body", operation, code).startsWith("application/problem+json");
        }
        if (code == 429 || code == 503) {
            assertThat(retryAfter).as("%s %d Retry-After", operation, code).matches("[1-9][0-9]*");
        }
        answered.computeIfAbsent(operation, k -> new TreeSet<>()).add(code);
    }

    private Map<String, Set<Integer>> declared() {
        Map<String, Set<Integer>> m = new TreeMap<>();
        operations(doc, (name, op) -> {
            Set<Integer> codes = new TreeSet<>();
            op.path("responses").fieldNames().forEachRemaining(c -> codes.add(Integer.parseInt(c)));
            m.put(name, codes);
        });
        return m;
    }

    private static void operations(JsonNode d, java.util.function.BiConsumer<String, JsonNode> each) {
        d.path("paths").fields().forEachRemaining(path -> {
            for (Iterator<Map.Entry<String, JsonNode>> it = path.getValue().fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> op = it.next();
                if (Set.of("get", "post", "put", "delete", "patch").contains(op.getKey())) {
                    each.accept(op.getKey().toUpperCase(java.util.Locale.ROOT) + " " + path.getKey(), op.getValue());
                }
            }
        });
    }
}
