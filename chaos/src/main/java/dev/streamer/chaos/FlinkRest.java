package dev.streamer.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import dev.streamer.contract.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/** What the chaos test asks Flink's REST API: is the job running, all its tasks, has it checkpointed since. */
public final class FlinkRest {

    /** The job's state as seen in one look; {@code lastCheckpoint} is the latest completed one's ack time or -1. */
    public record JobView(String jobId, String state, boolean allTasksRunning, long lastCheckpoint, long restarts) {
        public boolean running() {
            return "RUNNING".equals(state) && allTasksRunning;
        }
    }

    private final URI base;
    private final String jobName;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    public FlinkRest(URI base, String jobName) {
        this.base = URI.create(base.toString().replaceAll("/+$", "") + "/");
        this.jobName = jobName;
    }

    /** The newest job of the stack's name that is not finished (RUNNING, RESTARTING, ...), if Flink answers. */
    public Optional<JobView> job() {
        JsonNode overview = get("jobs/overview");
        if (overview == null) {
            return Optional.empty();
        }
        JsonNode newest = null;
        for (JsonNode j : overview.path("jobs")) {
            String state = j.path("state").asText();
            boolean ended = state.equals("FINISHED") || state.equals("CANCELED") || state.equals("FAILED");
            if (j.path("name").asText().equals(jobName)
                    && !ended
                    && (newest == null
                            || j.path("start-time").asLong()
                                    > newest.path("start-time").asLong())) {
                newest = j;
            }
        }
        if (newest == null) {
            return Optional.empty();
        }
        String id = newest.path("jid").asText();
        JsonNode details = get("jobs/" + id);
        boolean allRunning = details != null && details.path("vertices").size() > 0;
        if (details != null) {
            for (JsonNode v : details.path("vertices")) {
                allRunning &= v.path("status").asText().equals("RUNNING");
            }
        }
        JsonNode checkpoints = get("jobs/" + id + "/checkpoints");
        long last = checkpoints == null
                ? -1
                : checkpoints
                        .path("latest")
                        .path("completed")
                        .path("latest_ack_timestamp")
                        .asLong(-1);
        JsonNode metrics = get("jobs/" + id + "/metrics?get=numRestarts");
        long restarts = -1;
        if (metrics != null && metrics.isArray() && metrics.size() > 0) {
            restarts = metrics.get(0).path("value").asLong(-1);
        }
        return Optional.of(new JobView(
                id,
                details == null
                        ? newest.path("state").asText()
                        : details.path("state").asText(),
                allRunning,
                last,
                restarts));
    }

    /** Running with every task, and a checkpoint completed after {@code since} (epoch millis): processing for real. */
    public boolean healthySince(long since) {
        return job().filter(j -> j.running() && j.lastCheckpoint() > since).isPresent();
    }

    private JsonNode get(String path) {
        try {
            HttpResponse<byte[]> r = http.send(
                    HttpRequest.newBuilder(base.resolve(path))
                            .timeout(Duration.ofSeconds(3))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
