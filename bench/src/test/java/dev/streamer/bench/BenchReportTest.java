package dev.streamer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BenchReportTest {

    @Test
    void putsEachFigureBesideItsBaselineAndGoal() {
        BenchReport r = new BenchReport(ZonedDateTime.of(2026, 11, 29, 20, 0, 0, 0, ZoneOffset.UTC), 2, "1.5");
        // two rounds of 10 s per route: no-op 200,000 then 200,000 requests, posts 120,000 then 140,000; the server's
        // CPU time 150 µs per no-op, 250 then about 343 µs per post (300 over both rounds: 78 s for 260,000 posts)
        AlternatingRounds.Round first = new AlternatingRounds.Round(load(200_000, 5, 30.0), load(120_000, 9, 30.0));
        AlternatingRounds.Round second = new AlternatingRounds.Round(load(200_000, 6, 30.0), load(140_000, 10, 48.0));
        r.ingest(new IngestStage.Result(
                new AlternatingRounds.Outcome(
                        List.of(first, second),
                        Load.combined(List.of(first.baseline(), second.baseline())),
                        Load.combined(List.of(first.route(), second.route()))),
                128,
                Duration.ofSeconds(20)));
        r.job(new SubprocessStages.JobResult(700_000, 280_000, 56_000, 300, 2));
        r.emotion(new SubprocessStages.EmotionResult(540, 600, true));
        r.freshness(
                new FreshnessStage.Result(
                        200,
                        Duration.ofSeconds(180),
                        36_000,
                        Latencies.ofMillis(new long[] {5_300, 5_500, 7_000}),
                        Latencies.ofMillis(new long[] {300, 400, 900}),
                        3,
                        3,
                        new FreshnessStage.Missing(0, 0, 0),
                        new FreshnessStage.Hops(
                                Latencies.ofMillis(new long[] {12, 15}),
                                Latencies.ofMillis(new long[] {250, 700}),
                                Latencies.ofMillis(new long[] {3, 8}),
                                Latencies.ofMillis(new long[] {2, 40})),
                        0,
                        null,
                        0),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        r.freshnessSettle(new MachineSettle.Result(true, Duration.ofSeconds(42), 0.18));
        Map<String, Long> rss = new LinkedHashMap<>();
        rss.put("kafka", 400L);
        rss.put("flink-taskmanager", 900L);
        r.footprint(rss, 2_100);
        r.startup(Duration.ofSeconds(40), 31);

        String md = r.markdown("chart.svg");
        assertThat(md).contains("## Benchmark, 2026-11-29 20:00 UTC");
        assertThat(md)
                .contains("| 13,000/s (")
                .contains("edge-api 300 µs CPU per request) | no-op route 20,000/s (")
                .contains("; 150 µs CPU per request) | 0.65");
        assertThat(md).contains("| freshness at 200 events/s for 180 s (after a 30 s warm-up): window end");
        assertThat(md)
                .contains("| 13,000/s")
                .contains("no-op route 20,000/s")
                .contains("| 0.65 (rounds 0.60–0.70) | ≥ 0.6 | yes |")
                .contains("20 s per route in 2 alternating rounds after a warm-up of both");
        assertThat(md).contains("56,000 events/s").contains("| 0.20; 0.08 |");
        assertThat(md).as("window p99 7 s is over the 6 s goal").contains("p99 ≤ 6 s | **no** |");
        assertThat(md).contains("p99 ≤ 1 s | yes |");
        assertThat(md).contains("| 2,100 MB | — | — | ≤ 2,560 MB | yes |");
        assertThat(md).contains("kafka 400 MB, flink-taskmanager 900 MB");
        assertThat(md).contains("![benchmark chart](chart.svg)");
        assertThat(md).contains("waited 42 s for the machine to settle (18 % of the CPUs busy over 5 s)");
        assertThat(md)
                .contains("| job: event made → its first feed record written | p50 250.0 ms, p99 700.0 ms")
                .doesNotContain("never reached the socket")
                .doesNotContain("resyncs");

        String svg = r.svg();
        assertThat(svg)
                .startsWith("<svg")
                .contains("ingest: posts / no-op")
                .contains(">0.65<")
                .contains("post → socket p99")
                .contains("flink-taskmanager RSS")
                .endsWith("</svg>\n");
    }

    @Test
    void saysHowFarMissingPostsGotAndWhyTheSocketClosed() {
        BenchReport r = new BenchReport(ZonedDateTime.of(2026, 11, 29, 20, 0, 0, 0, ZoneOffset.UTC), 2, "1.5");
        Latencies some = Latencies.ofMillis(new long[] {300, 400});
        r.freshness(
                new FreshnessStage.Result(
                        200,
                        Duration.ofSeconds(60),
                        12_000,
                        some,
                        some,
                        2,
                        2,
                        new FreshnessStage.Missing(6, 4, 5),
                        new FreshnessStage.Hops(some, some, some, some),
                        1,
                        "4408 too slow: more than 256 messages pending",
                        0),
                Duration.ofSeconds(5),
                Duration.ofSeconds(30));
        String md = r.markdown("chart.svg");
        assertThat(md)
                .contains("6 never arrived")
                .contains("p99 ≤ 1 s | **no** |")
                .contains("6 accepted posts never reached the socket within 30 s after the load: 4 of them were on the "
                        + "feed topic, 5 in MySQL.")
                .contains("was closed by the server: 4408 too slow: more than 256 messages pending; 1 resyncs.");
    }

    /** {@code n} requests of {@code millis} each over 10 s, the server busy for {@code cpuSeconds} meanwhile. */
    private static Load load(int n, long millis, double cpuSeconds) {
        long[] m = new long[n];
        Arrays.fill(m, millis);
        return new Load(Latencies.ofMillis(m), 10.0, 0).withServerCpu(cpuSeconds);
    }
}
