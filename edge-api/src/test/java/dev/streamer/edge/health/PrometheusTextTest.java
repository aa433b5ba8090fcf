package dev.streamer.edge.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** On live-push's /q/metrics as captured from a running stack (resources/health/live-push-metrics.txt). */
class PrometheusTextTest {

    static String resource(String name) throws IOException {
        try (InputStream in = PrometheusTextTest.class.getResourceAsStream("/health/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void readsLivePushsMetricsWithTheirLabels() throws IOException {
        PrometheusText p = PrometheusText.parse(resource("live-push-metrics.txt"));
        assertThat(p.value("streamer_push_connections_open")).contains(0.0);
        assertThat(p.value("streamer_push_records_received_total", Map.of("topic", "streamer.feed.v1")))
                .contains(36.0);
        assertThat(p.value("streamer_push_records_received_total", Map.of("topic", "streamer.analytics.v1")))
                .contains(5.0);
        assertThat(p.sum("streamer_push_records_received_total")).contains(41.0);
        assertThat(p.value("streamer_push_record_age_seconds", Map.of("quantile", "0.5")))
                .contains(0.239075328);
        assertThat(p.value("streamer_push_record_age_seconds", Map.of("quantile", "0.99")))
                .contains(0.364904448);
        assertThat(p.value("streamer_push_record_age_seconds_count")).contains(41.0);
        assertThat(p.value("streamer_push_record_age_seconds_max")).contains(2.469);
        assertThat(p.value("streamer_push_window_delay_seconds_count")).isEmpty();
        assertThat(p.value("streamer_push_records_received_total", Map.of("topic", "other")))
                .isEmpty();
        // every non-comment line is a sample
        long lines = resource("live-push-metrics.txt")
                .lines()
                .filter(l -> !l.isBlank() && !l.startsWith("#"))
                .count();
        assertThat(p.samples()).hasSize((int) lines);
    }

    @Test
    void escapesSpecialValuesAndTimestamps() {
        PrometheusText p = PrometheusText.parse("""
                # HELP x a "quoted" help
                x{path="/a,b",msg="say \\"hi\\"\\nand \\\\ bye"} 1.5 1700000000000
                y +Inf
                z{a="1"} NaN
                w{} -2e3
                """);
        assertThat(p.samples().get(0).labels())
                .containsEntry("path", "/a,b")
                .containsEntry("msg", "say \"hi\"\nand \\ bye");
        assertThat(p.value("x")).contains(1.5);
        assertThat(p.value("y")).contains(Double.POSITIVE_INFINITY);
        assertThat(p.value("z").get()).isNaN();
        assertThat(p.value("w")).contains(-2000.0);
    }

    @Test
    void refusesWhatIsNotTheTextFormat() {
        assertThatThrownBy(() -> PrometheusText.parse("<html><body>Not Found</body></html>"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PrometheusText.parse("x{a=\"1\" 2")).isInstanceOf(IllegalArgumentException.class);
    }
}
