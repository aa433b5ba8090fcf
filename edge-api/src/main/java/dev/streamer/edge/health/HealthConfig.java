package dev.streamer.edge.health;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;

/** {@code streamer.health.*}: where the pipeline health view reads its figures. */
@ConfigMapping(prefix = "streamer.health")
public interface HealthConfig {

    /** Flink's REST API (the JobManager's REST port). */
    URI flinkUrl();

    /** live-push's Prometheus endpoint ({@code /q/metrics} on its management port). */
    URI livePushMetricsUrl();

    /** The job's name on the Flink cluster. */
    @WithDefault("streamer")
    String jobName();

    /** The consumer group whose committed offsets the job's KafkaSource writes on every checkpoint. */
    @WithDefault("streamer-flink-job")
    String consumerGroup();

    /** Bound of each read from another part (connect, answer); a source slower than this is "unavailable". */
    @WithDefault("PT3S")
    Duration timeout();

    /** Samples closer than this are answered from the previous one (and rates need this much time between samples). */
    @WithDefault("PT1S")
    Duration minInterval();
}
