package dev.streamer.generator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.streamer.contract.Json;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The edge-api REST routes the generator uses (see the brief's REST agreement), over one keep-alive HTTP/1.1 client.
 * Every call returns an {@link ApiResponse}; 5xx answers and transport failures are retried with exponential
 * back-off and full jitter, 4xx answers never are.
 */
public final class ApiClient {

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final int maxRetries;
    private final ObjectMapper json = Json.mapper();

    public ApiClient(URI base, Duration timeout, int maxRetries) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.timeout = timeout;
        this.maxRetries = maxRetries;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    public URI base() {
        return base;
    }

    public ApiResponse register(String username, String password) {
        return send(post("api/auth/register", null, body("username", username, "password", password)));
    }

    public ApiResponse login(String username, String password) {
        return send(post("api/auth/login", null, body("username", username, "password", password)));
    }

    public ApiResponse logout(String token) {
        return send(post("api/auth/logout", token, null));
    }

    public ApiResponse me(String token) {
        return send(get("api/me", token));
    }

    public ApiResponse communities(String token) {
        return send(get("api/communities", token));
    }

    public ApiResponse join(String token, String communityId) {
        return send(post("api/communities/" + enc(communityId) + "/join", token, null));
    }

    public ApiResponse uploadPng(String token, String fileName, byte[] png) {
        String boundary = "streamer-" + UUID.randomUUID();
        ByteArrayOutputStream out = new ByteArrayOutputStream(png.length + 256);
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + fileName
                + "\"\r\nContent-Type: image/png\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(png);
        out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return send(request("api/media", token)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(out.toByteArray())));
    }

    public ApiResponse createPost(String token, String communityId, String text, String mediaId) {
        ObjectNode b = json.createObjectNode().put("text", text);
        if (mediaId != null) {
            b.put("mediaId", mediaId);
        }
        return send(idempotent(post("api/communities/" + enc(communityId) + "/posts", token, b)));
    }

    public ApiResponse like(String token, String postId) {
        return send(idempotent(post("api/posts/" + enc(postId) + "/like", token, null)));
    }

    public ApiResponse unlike(String token, String postId) {
        return send(idempotent(request("api/posts/" + enc(postId) + "/like", token).DELETE()));
    }

    public ApiResponse comment(String token, String postId, String text) {
        return send(idempotent(post("api/posts/" + enc(postId) + "/comments", token,
                json.createObjectNode().put("text", text))));
    }

    public ApiResponse share(String token, String postId) {
        return send(idempotent(post("api/posts/" + enc(postId) + "/shares", token, null)));
    }

    public ApiResponse feed(String token, String communityId, int limit) {
        return send(get("api/communities/" + enc(communityId) + "/feed?limit=" + limit, token));
    }

    /** One key per logical request: its retries send the same key, so edge-api answers them with the same event. */
    private static HttpRequest.Builder idempotent(HttpRequest.Builder b) {
        return b.header("Idempotency-Key", UUID.randomUUID().toString());
    }

    private ObjectNode body(String k1, String v1, String k2, String v2) {
        return json.createObjectNode().put(k1, v1).put(k2, v2);
    }

    private HttpRequest.Builder get(String path, String token) {
        return request(path, token).GET();
    }

    private HttpRequest.Builder post(String path, String token, JsonNode body) {
        HttpRequest.Builder b = request(path, token);
        if (body == null) {
            return b.POST(HttpRequest.BodyPublishers.noBody());
        }
        try {
            return b.header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest.Builder request(String path, String token) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        ApiResponse last = null;
        for (int attempt = 0; attempt <= maxRetries; attempt++) {
            if (attempt > 0) {
                backOff(attempt);
            }
            last = sendOnce(request, attempt + 1);
            if (!last.isServerError() || Thread.currentThread().isInterrupted()) {
                return last;
            }
        }
        return last;
    }

    /** Full jitter: a random pause in [0, 100 ms · 2^attempt), capped at 3.2 s. */
    private static void backOff(int attempt) {
        long cap = Math.min(3_200, 100L << attempt);
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(cap));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ApiResponse sendOnce(HttpRequest request, int attempts) {
        long sentAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long latency = System.nanoTime() - t0;
            return new ApiResponse(r.statusCode(), parse(r.body()), sentAt, System.currentTimeMillis(), latency, null, attempts);
        } catch (IOException e) {
            return new ApiResponse(ApiResponse.NO_RESPONSE, MissingNode.getInstance(), sentAt, System.currentTimeMillis(),
                    System.nanoTime() - t0, describe(e, request), attempts);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new ApiResponse(ApiResponse.NO_RESPONSE, MissingNode.getInstance(), sentAt, System.currentTimeMillis(),
                    System.nanoTime() - t0, "interrupted", attempts);
        }
    }

    private static String describe(IOException e, HttpRequest request) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + request.uri().getHost() + ":" + request.uri().getPort();
        }
        if (e instanceof java.net.http.HttpTimeoutException) {
            return "timed out: " + request.method() + " " + request.uri().getPath();
        }
        return e.getClass().getSimpleName() + (e.getMessage() != null ? ": " + e.getMessage() : "");
    }

    private JsonNode parse(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return MissingNode.getInstance();
        }
        try {
            JsonNode n = json.readTree(bytes);
            return n == null ? MissingNode.getInstance() : n;
        } catch (IOException e) {
            return MissingNode.getInstance();
        }
    }

    private static String enc(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
