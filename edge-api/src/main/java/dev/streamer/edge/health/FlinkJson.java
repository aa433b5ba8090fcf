package dev.streamer.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads the parts of Flink's REST answers the health view shows (Flink 2.0 REST API, v1). */
public final class FlinkJson {

    private static final Set<String> TERMINAL = Set.of("FINISHED", "CANCELED", "FAILED", "SUSPENDED");

    public record Job(String id, String name, String state, long startTime) {}

    public record Vertex(String id, String name) {}

    public record Checkpoint(long id, long latestAckTimestamp, long endToEndDurationMs) {}

    private FlinkJson() {}

    /**
     * From {@code GET /jobs/overview}: the newest job named {@code name} that is not in a terminal state (RUNNING,
     * RESTARTING, CREATED, …), since a restarting job's checkpoints and restarts are what the view must show.
     */
    public static Optional<Job> currentJob(JsonNode overview, String name) {
        Job best = null;
        for (JsonNode j : overview.path("jobs")) {
            Job job = new Job(
                    j.path("jid").asText(),
                    j.path("name").asText(),
                    j.path("state").asText(),
                    j.path("start-time").asLong());
            if (job.name().equals(name)
                    && !TERMINAL.contains(job.state())
                    && (best == null || job.startTime() > best.startTime())) {
                best = job;
            }
        }
        return Optional.ofNullable(best);
    }

    /** From {@code GET /jobs/{id}}: its vertices. */
    public static List<Vertex> vertices(JsonNode job) {
        List<Vertex> vertices = new ArrayList<>();
        for (JsonNode v : job.path("vertices")) {
            vertices.add(new Vertex(v.path("id").asText(), v.path("name").asText()));
        }
        return vertices;
    }

    /** From {@code GET /jobs/{id}/checkpoints}: the latest completed checkpoint, empty before the first. */
    public static Optional<Checkpoint> latestCompleted(JsonNode checkpoints) {
        JsonNode c = checkpoints.path("latest").path("completed");
        if (!c.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new Checkpoint(
                c.path("id").asLong(),
                c.path("latest_ack_timestamp").asLong(),
                c.path("end_to_end_duration").asLong()));
    }

    /**
     * From a metrics answer ({@code [{"id": "numRestarts", "value": "3"}]} or, aggregated,
     * {@code [{"id": "x", "sum": 3.0}]}): id → value.
     */
    public static Map<String, Double> metricValues(JsonNode metrics) {
        Map<String, Double> values = new HashMap<>();
        for (JsonNode m : metrics) {
            JsonNode v = m.has("sum") ? m.get("sum") : m.get("value");
            if (v != null && !v.isNull()) {
                try {
                    values.put(m.path("id").asText(), Double.parseDouble(v.asText()));
                } catch (NumberFormatException e) {
                    // a gauge that is not a number (e.g. a string-valued one) is no figure of ours
                }
            }
        }
        return values;
    }

    /** From {@code GET /jobs/{id}/vertices/{v}/subtasks/metrics}: the metric ids that end in one of the suffixes. */
    public static List<String> metricIds(JsonNode list, Set<String> suffixes) {
        List<String> ids = new ArrayList<>();
        for (JsonNode m : list) {
            String id = m.path("id").asText();
            int dot = id.lastIndexOf('.');
            if (suffixes.contains(dot < 0 ? id : id.substring(dot + 1))) {
                ids.add(id);
            }
        }
        return ids;
    }
}
