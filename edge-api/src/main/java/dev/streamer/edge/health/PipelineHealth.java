package dev.streamer.edge.health;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Map;

/**
 * The pipeline health document: one panel per figure. Every panel has {@code status} "ok" or "unavailable"; an
 * unavailable panel says why in {@code reason} and carries no figures (never a made-up value). A rate is unavailable
 * until two samples were taken ({@code streamer.health.min-interval} apart).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PipelineHealth(
        long sampledAt,
        Ingest ingest,
        ConsumerLag consumerLag,
        Checkpoint checkpoint,
        Restarts restarts,
        Dlq dlq,
        LateEvents lateEvents,
        Results results,
        Connections connections,
        Delivery delivery,
        WindowDelay windowDelay) {

    public static final String OK = "ok";
    public static final String UNAVAILABLE = "unavailable";

    /** Events Kafka acknowledged to this edge-api instance ({@code streamer.events.acknowledged}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Ingest(String status, String reason, Double eventsPerSecond, Long acknowledged) {}

    /** The job's group: end offset minus committed offset per partition of the activity topic. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ConsumerLag(
            String status,
            String reason,
            String group,
            String topic,
            Long total,
            List<KafkaPositions.PartitionLag> partitions) {}

    /** The job's latest completed checkpoint. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Checkpoint(
            String status, String reason, String jobState, Long id, Double ageSeconds, Long durationMs) {}

    /** Flink's {@code numRestarts} of the current run of the job. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Restarts(String status, String reason, String jobState, Long restarts) {}

    /** Records on the dead-letter topic (sum of its end offsets) and their rate. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Dlq(String status, String reason, String topic, Long records, Double perSecond) {}

    /** Late events the window operator counted in this run of the job: applied as updates, or only counted. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record LateEvents(String status, String reason, Long total, Long applied, Long countedOnly) {}

    /** Result records (feed + analytics topics) per second, as live-push receives them. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Results(String status, String reason, Double perSecond, Map<String, Double> perSecondByTopic) {}

    /** WebSocket connections open on live-push. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Connections(String status, String reason, Long open) {}

    /** Result published → handed to the clients (live-push's {@code streamer.push.record.age}). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String status, String reason, Double p50Ms, Double p99Ms, Double maxMs) {}

    /** Window end → its result published; {@code source} says where the figure comes from. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WindowDelay(
            String status, String reason, String source, Long windowEnd, Double p50Ms, Double maxMs) {}
}
