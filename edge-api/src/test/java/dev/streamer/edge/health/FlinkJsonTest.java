package dev.streamer.edge.health;

import static dev.streamer.edge.health.PrometheusTextTest.resource;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On Flink 2.0.1 REST answers captured from a running stack (resources/health/flink-*.json). */
class FlinkJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String name) throws IOException {
        return JSON.readTree(resource(name));
    }

    @Test
    void theCurrentJobByNameNewestFirstTerminalOnesSkipped() throws IOException {
        assertThat(FlinkJson.currentJob(json("flink-jobs-overview.json"), "streamer"))
                .contains(new FlinkJson.Job("3661b27ded9348b5434178059773c66a", "streamer", "RUNNING", 1796002922827L));
        assertThat(FlinkJson.currentJob(json("flink-jobs-overview.json"), "other"))
                .isEmpty();
        JsonNode mixed = JSON.readTree("""
                {"jobs":[{"jid":"a","name":"streamer","state":"CANCELED","start-time":30},
                         {"jid":"b","name":"streamer","state":"RESTARTING","start-time":20},
                         {"jid":"c","name":"streamer","state":"FAILED","start-time":40},
                         {"jid":"d","name":"streamer","state":"RUNNING","start-time":10}]}""");
        assertThat(FlinkJson.currentJob(mixed, "streamer"))
                .map(FlinkJson.Job::id)
                .contains("b");
    }

    @Test
    void theLatestCompletedCheckpoint() throws IOException {
        assertThat(FlinkJson.latestCompleted(json("flink-checkpoints.json")))
                .contains(new FlinkJson.Checkpoint(37, 1796003334108L, 75));
        assertThat(FlinkJson.latestCompleted(JSON.readTree("{\"latest\":{\"completed\":null}}")))
                .isEmpty();
    }

    @Test
    void verticesAndTheWindowOperatorsLateEventMetrics() throws IOException {
        assertThat(FlinkJson.vertices(json("flink-job.json")))
                .hasSize(6)
                .contains(new FlinkJson.Vertex("13fbdcb5130c5568c6280259110b39f9", "community-windows"));
        assertThat(FlinkJson.metricIds(json("flink-community-windows-metric-ids.json"), FlinkRest.LATE_METRICS))
                .containsExactlyInAnyOrder(
                        "community-windows.lateEventsApplied", "community-windows.lateEventsCountedOnly");
    }

    @Test
    void metricValuesPlainAndAggregated() throws IOException {
        assertThat(FlinkJson.metricValues(json("flink-job-metrics-numRestarts.json")))
                .isEqualTo(Map.of("numRestarts", 0.0));
        assertThat(FlinkJson.metricValues(json("flink-community-windows-late-sum.json")))
                .isEqualTo(Map.of(
                        "community-windows.lateEventsApplied", 0.0, "community-windows.lateEventsCountedOnly", 0.0));
        assertThat(FlinkJson.metricValues(
                        JSON.readTree("[{\"id\":\"a\",\"value\":\"n/a\"},{\"id\":\"b\",\"sum\":3.0}]")))
                .isEqualTo(Map.of("b", 3.0));
    }
}
