package dev.streamer.flink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.CommunityWindowPart;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.flink.records.WindowAcc;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The job's settings and graph, without running it. */
class StreamerJobTest {

    private static JobOptions options(String... extra) {
        List<String> args = new ArrayList<>(List.of("--bootstrap", "localhost:1", "--parallelism", "2"));
        args.addAll(List.of(extra));
        return JobOptions.parse(args.toArray(String[]::new));
    }

    @Test
    void restartsWithExponentialDelayForeverAndRetainsCheckpoints() {
        Configuration conf = StreamerJob.configuration(options());
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY)).isEqualTo("exponential-delay");
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(1));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofSeconds(30));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER))
                .isEqualTo(2.0);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR))
                .isEqualTo(0.1);
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(conf.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS))
                .as("no limit on attempts")
                .isEqualTo(Integer.MAX_VALUE);
        assertThat(conf.get(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION))
                .isEqualTo(ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        assertThat(conf.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(128);

        Configuration custom = StreamerJob.configuration(options(
                "--restart-initial-backoff",
                "2s",
                "--restart-max-backoff",
                "1min",
                "--restart-backoff-multiplier",
                "1.5",
                "--restart-jitter",
                "0",
                "--restart-reset-threshold",
                "1h",
                "--max-parallelism",
                "256"));
        assertThat(custom.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF))
                .isEqualTo(Duration.ofSeconds(2));
        assertThat(custom.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF))
                .isEqualTo(Duration.ofMinutes(1));
        assertThat(custom.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER))
                .isEqualTo(1.5);
        assertThat(custom.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR))
                .isZero();
        assertThat(custom.get(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD))
                .isEqualTo(Duration.ofHours(1));
        assertThat(custom.get(PipelineOptions.MAX_PARALLELISM)).isEqualTo(256);
    }

    @Test
    void theFixedDelayOptionsAreGoneAndBadValuesAreRefused() {
        assertThatThrownBy(() -> options("--restart-attempts", "20"))
                .hasMessageContaining("unknown option --restart-attempts");
        assertThatThrownBy(() -> options("--restart-max-backoff", "100ms"))
                .hasMessageContaining("--restart-initial-backoff");
        assertThatThrownBy(() -> options("--max-parallelism", "1")).hasMessageContaining("--max-parallelism");
    }

    /** The argument list bin/lib/flink.sh builds for a run of the local stack (an empty password included). */
    @Test
    void theArgumentsOfBinStreamerAreParsed() {
        JobOptions o = JobOptions.parse(
                "--job-name",
                "streamer",
                "--bootstrap",
                "127.0.0.1:9092",
                "--jdbc-url",
                "jdbc:mysql://127.0.0.1:3307/streamer?sslMode=DISABLED",
                "--jdbc-user",
                "root",
                "--jdbc-password",
                "",
                "--starting-offsets",
                "earliest",
                "--checkpoint-dir",
                "file:///tmp/cp");
        assertThat(o.jobName()).isEqualTo("streamer");
        assertThat(o.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(o.jdbcUrl()).isEqualTo("jdbc:mysql://127.0.0.1:3307/streamer?sslMode=DISABLED");
        assertThat(o.jdbcUser()).isEqualTo("root");
        assertThat(o.jdbcPassword()).isEmpty();
        assertThat(o.startingOffsets()).isEqualTo("earliest");
        assertThat(o.checkpointDir()).isEqualTo("file:///tmp/cp");
        assertThat(o.parallelism()).as("the cluster's unless given").isEqualTo(-1);
    }

    @Test
    void bothFormsOfAnOptionAreReadAndBadValuesNameTheirOption() {
        JobOptions o = options(
                "--window=10s",
                "--feed-interval",
                "0",
                "--jdbc-batch-size=7",
                "--emotion",
                "off",
                "--restart-jitter",
                "0.5",
                "--checkpoint-dir=");
        assertThat(o.window()).isEqualTo(Duration.ofSeconds(10));
        assertThat(o.feedInterval()).isZero();
        assertThat(o.jdbc().batchSize()).isEqualTo(7);
        assertThat(o.emotion()).isFalse();
        assertThat(o.restartJitter()).isEqualTo(0.5);
        assertThat(o.checkpointDir()).as("blank: Flink's default").isNull();
        assertThat(options("--jdbc-url", "jdbc:mysql://a/x", "--jdbc-url", "jdbc:mysql://b/y")
                        .jdbcUrl())
                .as("the last of a repeated option")
                .isEqualTo("jdbc:mysql://b/y");
        assertThat(options().jdbc())
                .isEqualTo(new dev.streamer.flink.sinks.JdbcSettings(
                        JobOptions.DEFAULT_JDBC_URL,
                        "root",
                        System.getenv().getOrDefault("STREAMER_DB_PASSWORD", ""),
                        500,
                        200,
                        5,
                        5));
        assertThatThrownBy(() -> options("--window", "soon")).hasMessageContaining("--window");
        assertThatThrownBy(() -> options("--jdbc-batch-size", "many")).hasMessageContaining("--jdbc-batch-size");
        assertThatThrownBy(() -> options("--emotion", "maybe")).hasMessageContaining("--emotion must be on or off");
        assertThatThrownBy(() -> options("--starting-offsets", "now")).hasMessageContaining("--starting-offsets");
        assertThatThrownBy(() -> options("--jdbc-max-retries", "0")).hasMessageContaining("--jdbc-max-retries");
        assertThatThrownBy(() -> options("stray")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theDedupHorizonComesFromTheContract() {
        assertThat(options().dedupTtl()).isEqualTo(Limits.DEDUP_HORIZON.plus(Limits.DEDUP_MARGIN));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--emotion=off", "--emotion=on", "--fail-after=10", "--feed-interval=0"})
    void everyOperatorHasItsOwnStableUid(String variant) {
        JobOptions o = options(variant);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StreamerJob.configuration(o));
        StreamerJob.of(o).build(env);
        // the job's configuration turns generated uids off: a missing uid would already fail here
        StreamGraph graph = env.getStreamGraph();
        List<String> uids = new ArrayList<>();
        for (StreamNode node : graph.getStreamNodes()) {
            assertThat(node.getTransformationUID())
                    .as("uid of " + node.getOperatorName())
                    .isNotBlank();
            uids.add(node.getTransformationUID());
        }
        assertThat(uids)
                .doesNotHaveDuplicates()
                .contains(
                        "activity-source",
                        "route-rejected",
                        "dlq-topic",
                        "community-windows",
                        "feed-state",
                        "all-communities-windows",
                        "posts-table",
                        "feed-topic",
                        "post-likes-table",
                        "comments-table",
                        "window-stats-table",
                        "analytics-topic");
        assertThat(graph.getStreamNodes()).allMatch(node -> node.getMaxParallelism() == 128);
    }

    @Test
    void anOperatorWithoutAUidIsRefused() {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(StreamerJob.configuration(options()));
        env.fromData(1, 2, 3)
                .uid("numbers")
                .map(i -> i + 1)
                .sinkTo(new DiscardingSink<>())
                .uid("discard");
        assertThatThrownBy(env::getStreamGraph).hasMessageContaining("UID");
    }

    /** Flink serialises POJOs field by field; anything else would fall back to Kryo on every shuffle and in state. */
    @Test
    void recordsBetweenOperatorsAndInStateArePojos() {
        for (Class<?> type : List.of(
                Activity.class,
                WindowResult.class,
                CommunityWindowPart.class,
                WindowAcc.class,
                FeedPost.class,
                LikeChange.class,
                CommentRow.class)) {
            assertThat(TypeInformation.of(type)).as(type.getSimpleName()).isInstanceOf(PojoTypeInfo.class);
        }
    }
}
