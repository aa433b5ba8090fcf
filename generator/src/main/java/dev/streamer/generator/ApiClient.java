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
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The edge-api REST routes the generator uses (see the brief's REST agreement), over one keep-alive HTTP/1.1 client.
 * Every call returns an {@link ApiResponse}; 5xx answers, transport failures and a 429 that says when to come back
 * ({@code Retry-After}: a rate limit, which no event was created for) are retried as the {@link RetryPolicy} says (a
 * {@code Retry-After} is honoured, else exponential back-off with full jitter), other 4xx answers never are. Every
 * attempt is told to the {@link AttemptLog}.
 */
public final class ApiClient {

    /** Receives every attempt of every request, answered or not. */
    public interface AttemptLog {
        AttemptLog NONE = (request, status, sentAt, receivedAt) -> {};

        /**
         * @param request e.g. {@code POST /api/posts/{id}/like} (ids replaced by {@code {id}})
         * @param status  the HTTP status, or {@link ApiResponse#NO_RESPONSE}
         */
        void attempt(String request, int status, long sentAt, long receivedAt);
    }

    /**
     * When a request that got a 5xx or no answer is sent again: up to {@code retries} times, and beyond that for as
     * long as {@code retryFor} has not passed since its first attempt (zero: the count alone decides).
     */
    public record RetryPolicy(int retries, Duration retryFor) {
        public RetryPolicy {
            if (retries < 0 || retryFor.isNegative()) {
                throw new IllegalArgumentException("retries and retry-for must not be negative");
            }
        }

        boolean mayRetry(int attemptsSoFar, long sinceFirstAttemptMillis) {
            return attemptsSoFar <= retries || sinceFirstAttemptMillis < retryFor.toMillis();
        }

        /** The longest a request can take: every attempt timing out, plus the pauses. */
        public Duration longest(Duration timeout) {
            return timeout.multipliedBy(retries + 1L)
                    .plus(retryFor)
                    .plus(timeout)
                    .plusSeconds(10);
        }
    }

    private static final Pattern ID_SEGMENT =
            Pattern.compile("/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** The longest pause between two attempts, whatever a Retry-After asks. */
    private static final long MAX_PAUSE_MILLIS = 10_000;

    private final HttpClient http;
    private final URI base;
    private final Duration timeout;
    private final RetryPolicy retry;
    private final AttemptLog attemptLog;
    private final ObjectMapper json = Json.mapper();

    public ApiClient(URI base, Duration timeout, int maxRetries) {
        this(base, timeout, new RetryPolicy(maxRetries, Duration.ZERO), AttemptLog.NONE);
    }

    public ApiClient(URI base, Duration timeout, RetryPolicy retry, AttemptLog attempts) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.timeout = timeout;
        this.retry = retry;
        this.attemptLog = attempts;
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
        return send(idempotent(post("api/auth/login", null, body("username", username, "password", password))));
    }

    public ApiResponse logout(String token) {
        return send(idempotent(post("api/auth/logout", token, null)));
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
                        + "\"\r\nContent-Type: image/png\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
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
        return send(
                idempotent(request("api/posts/" + enc(postId) + "/like", token).DELETE()));
    }

    public ApiResponse comment(String token, String postId, String text) {
        return send(idempotent(post(
                "api/posts/" + enc(postId) + "/comments",
                token,
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
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).timeout(timeout).header("Accept", "application/json");
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return b;
    }

    private ApiResponse send(HttpRequest.Builder builder) {
        HttpRequest request = builder.build();
        String label = request.method() + " "
                + ID_SEGMENT.matcher(request.uri().getPath()).replaceAll("/{id}");
        long first = System.currentTimeMillis();
        long firstSentAt = -1;
        for (int attempt = 1; ; attempt++) {
            Attempt a = sendOnce(request, attempt);
            if (firstSentAt < 0) {
                firstSentAt = a.response().sentAt();
            }
            ApiResponse r = a.response().withFirstSentAt(firstSentAt);
            attemptLog.attempt(label, r.status(), r.sentAt(), r.receivedAt());
            boolean rateLimited = r.is(429) && a.retryAfterMillis() >= 0;
            if (!(r.isServerError() || rateLimited)
                    || Thread.currentThread().isInterrupted()
                    || !retry.mayRetry(attempt, System.currentTimeMillis() - first)) {
                return r;
            }
            pause(attempt, a.retryAfterMillis());
        }
    }

    /**
     * Waits before the next attempt: what a {@code Retry-After} asked (plus up to half a second of jitter, so that
     * clients told the same do not come back at once), else full jitter in [0, 100 ms · 2^attempt) capped at 3.2 s.
     */
    private static void pause(int attempt, long retryAfterMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long millis = retryAfterMillis >= 0
                ? Math.min(MAX_PAUSE_MILLIS, retryAfterMillis) + random.nextLong(500)
                : random.nextLong(Math.min(3_200, 100L << Math.min(attempt, 5)));
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** One attempt's answer and the pause its {@code Retry-After} header asked for (-1: none). */
    private record Attempt(ApiResponse response, long retryAfterMillis) {}

    private Attempt sendOnce(HttpRequest request, int attemptNumber) {
        long sentAt = System.currentTimeMillis();
        long t0 = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            long latency = System.nanoTime() - t0;
            return new Attempt(
                    new ApiResponse(
                            r.statusCode(),
                            parse(r.body()),
                            sentAt,
                            System.currentTimeMillis(),
                            latency,
                            null,
                            attemptNumber,
                            sentAt),
                    retryAfterMillis(r.headers().firstValue("Retry-After").orElse(null)));
        } catch (IOException e) {
            return new Attempt(
                    new ApiResponse(
                            ApiResponse.NO_RESPONSE,
                            MissingNode.getInstance(),
                            sentAt,
                            System.currentTimeMillis(),
                            System.nanoTime() - t0,
                            describe(e, request),
                            attemptNumber,
                            sentAt),
                    -1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Attempt(
                    new ApiResponse(
                            ApiResponse.NO_RESPONSE,
                            MissingNode.getInstance(),
                            sentAt,
                            System.currentTimeMillis(),
                            System.nanoTime() - t0,
                            "interrupted",
                            attemptNumber,
                            sentAt),
                    -1);
        }
    }

    /** A Retry-After of delta-seconds in millis; -1 when absent or not a number (HTTP dates are not used by edge-api). */
    static long retryAfterMillis(String header) {
        if (header == null) {
            return -1;
        }
        try {
            long seconds = Long.parseLong(header.trim());
            return seconds < 0 ? -1 : seconds * 1000;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String describe(IOException e, HttpRequest request) {
        if (e instanceof java.net.ConnectException) {
            return "cannot connect to " + request.uri().getHost() + ":"
                    + request.uri().getPort();
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
