package dev.streamer.edge.health;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * GETs of another part's HTTP endpoint with bounded waits: a connection within {@code timeout}, the whole answer
 * within {@code timeout}. A non-2xx answer fails the future like a refused connection does.
 */
public final class HttpSource {

    private final HttpClient client;
    private final Duration timeout;

    public HttpSource(Duration timeout) {
        this.timeout = timeout;
        this.client = HttpClient.newBuilder()
                .connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
    }

    public CompletableFuture<String> get(URI uri, String accept) {
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Accept", accept)
                .GET()
                .build();
        return client.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
            if (r.statusCode() / 100 != 2) {
                throw new SourceUnavailable(uri.getPath() + " answered " + r.statusCode());
            }
            return r.body();
        });
    }

    /** A source answered, but not with what was asked for. */
    public static final class SourceUnavailable extends RuntimeException {
        public SourceUnavailable(String message) {
            super(message, null, false, false);
        }
    }
}
