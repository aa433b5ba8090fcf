package dev.streamer.edge.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The job's figures from Flink's REST API: its state, latest completed checkpoint, {@code numRestarts} and the late
 * event counters of its window operator (summed over subtasks). The metric ids of a job's operators are looked up
 * once per job id ({@code /vertices/{v}/subtasks/metrics}), as soon as its operators registered them.
 */
public final class FlinkRest {

    /** Counted in the windows' {@code lateEvents}: applied as updates, or too late to apply and only counted. */
    static final Set<String> LATE_METRICS = Set.of("lateEventsApplied", "lateEventsCountedOnly");

    public record JobFigures(
            FlinkJson.Job job,
            Optional<FlinkJson.Checkpoint> checkpoint,
            Optional<Long> restarts,
            Optional<Map<String, Double>> late) {}

    private record MetricIds(String vertexId, List<String> ids) {}

    private final HttpSource http;
    private final String base;
    private final String jobName;
    private final ObjectMapper json = new ObjectMapper();
    private final Map<String, List<MetricIds>> lateIdsByJob = new ConcurrentHashMap<>();

    public FlinkRest(HttpSource http, URI base, String jobName) {
        this.http = http;
        String b = base.toString();
        this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
        this.jobName = jobName;
    }

    /** Fails when Flink does not answer, or no job of that name is running, restarting or starting. */
    public CompletableFuture<JobFigures> read() {
        return get("/jobs/overview").thenCompose(overview -> {
            FlinkJson.Job job = FlinkJson.currentJob(overview, jobName)
                    .orElseThrow(() -> new HttpSource.SourceUnavailable("no job '" + jobName + "' is running"));
            String j = "/jobs/" + job.id();
            CompletableFuture<Optional<FlinkJson.Checkpoint>> checkpoint =
                    get(j + "/checkpoints").thenApply(FlinkJson::latestCompleted);
            CompletableFuture<Optional<Long>> restarts = get(j + "/metrics?get=numRestarts")
                    .thenApply(
                            m -> Optional.ofNullable(FlinkJson.metricValues(m).get("numRestarts"))
                                    .map(Double::longValue));
            // the late counters are one panel: their failure must not take the checkpoint and restart panels along
            CompletableFuture<Optional<Map<String, Double>>> late =
                    late(job.id()).exceptionally(e -> Optional.empty());
            return checkpoint
                    .thenCombine(restarts, (c, r) -> new JobFigures(job, c, r, Optional.empty()))
                    .thenCombine(late, (f, l) -> new JobFigures(f.job(), f.checkpoint(), f.restarts(), l));
        });
    }

    /** The late-event counters summed over subtasks, by metric name; empty while the operator has not registered them. */
    private CompletableFuture<Optional<Map<String, Double>>> late(String jobId) {
        return lateIds(jobId).thenCompose(found -> {
            if (found.isEmpty()) {
                return CompletableFuture.completedFuture(Optional.empty());
            }
            List<CompletableFuture<Map<String, Double>>> reads = new ArrayList<>();
            for (MetricIds m : found) {
                String get = URLEncoder.encode(String.join(",", m.ids()), StandardCharsets.UTF_8);
                reads.add(get("/jobs/" + jobId + "/vertices/" + m.vertexId() + "/subtasks/metrics?agg=sum&get=" + get)
                        .thenApply(FlinkJson::metricValues));
            }
            return CompletableFuture.allOf(reads.toArray(CompletableFuture[]::new))
                    .thenApply(v -> {
                        Map<String, Double> byName = new java.util.TreeMap<>();
                        for (CompletableFuture<Map<String, Double>> r : reads) {
                            r.join()
                                    .forEach((id, value) ->
                                            byName.merge(id.substring(id.lastIndexOf('.') + 1), value, Double::sum));
                        }
                        return Optional.of(byName);
                    });
        });
    }

    private CompletableFuture<List<MetricIds>> lateIds(String jobId) {
        List<MetricIds> known = lateIdsByJob.get(jobId);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        return get("/jobs/" + jobId).thenCompose(job -> {
            List<CompletableFuture<MetricIds>> lists = new ArrayList<>();
            for (FlinkJson.Vertex v : FlinkJson.vertices(job)) {
                lists.add(get("/jobs/" + jobId + "/vertices/" + v.id() + "/subtasks/metrics")
                        .thenApply(l -> new MetricIds(v.id(), FlinkJson.metricIds(l, LATE_METRICS))));
            }
            return CompletableFuture.allOf(lists.toArray(CompletableFuture[]::new))
                    .thenApply(x -> {
                        List<MetricIds> found = lists.stream()
                                .map(CompletableFuture::join)
                                .filter(m -> !m.ids().isEmpty())
                                .toList();
                        if (!found.isEmpty()) {
                            lateIdsByJob.clear(); // only the current job's ids are worth keeping
                            lateIdsByJob.put(jobId, found);
                        }
                        return found;
                    });
        });
    }

    private CompletableFuture<JsonNode> get(String pathAndQuery) {
        return http.get(URI.create(base + pathAndQuery), "application/json").thenApply(body -> {
            try {
                return json.readTree(body);
            } catch (java.io.IOException e) {
                throw new HttpSource.SourceUnavailable("Flink answered " + pathAndQuery + " with no JSON");
            }
        });
    }
}
