package dev.streamer.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BenchReportTest {

    @Test
    void putsEachFigureBesideItsBaselineAndGoal() {
        BenchReport r = new BenchReport(ZonedDateTime.of(2026, 11, 29, 20, 0, 0, 0, ZoneOffset.UTC), 2, "1.5");
        r.ingest(new IngestStage.Result(20_000, 13_000, Latencies.ofMillis(new long[] {5, 6, 7}),
                Latencies.ofMillis(new long[] {9, 10, 30}), 0, 0, 128, Duration.ofSeconds(20)));
        r.job(new SubprocessStages.JobResult(700_000, 280_000, 56_000, 300, 2));
        r.emotion(new SubprocessStages.EmotionResult(540, 600, true));
        r.freshness(new FreshnessStage.Result(200, Duration.ofSeconds(180), 36_000, Latencies.ofMillis(new long[] {5_300, 5_500, 7_000}),
                Latencies.ofMillis(new long[] {300, 400, 900}), 3, 3, 0, 0), Duration.ofSeconds(5));
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("kafka", 400L);
        rss.put("flink-taskmanager", 900L);
        r.footprint(rss, 2_100);
        r.startup(Duration.ofSeconds(40), 31);

        String md = r.markdown("chart.svg");
        assertThat(md).contains("## Benchmark, 2026-11-29 20:00 UTC");
        assertThat(md).contains("| 13,000/s").contains("no-op route 20,000/s").contains("| 0.65 | ≥ 0.6 | yes |");
        assertThat(md).contains("56,000 events/s").contains("| 0.20; 0.08 |");
        assertThat(md).as("window p99 7 s is over the 6 s goal").contains("p99 ≤ 6 s | **no** |");
        assertThat(md).contains("p99 ≤ 1 s | yes |");
        assertThat(md).contains("| 2,100 MB | — | — | ≤ 2,560 MB | yes |");
        assertThat(md).contains("kafka 400 MB, flink-taskmanager 900 MB");
        assertThat(md).contains("![benchmark chart](chart.svg)");

        String svg = r.svg();
        assertThat(svg).startsWith("<svg").contains("ingest: posts / no-op").contains(">0.65<")
                .contains("post → socket p99").contains("flink-taskmanager RSS").endsWith("</svg>\n");
    }
}
