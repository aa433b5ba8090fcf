package dev.streamer.edge.health;

import dev.streamer.contract.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Samples the pipeline's figures from their sources, all at once and each bounded by {@code streamer.health.timeout}:
 * this instance's Micrometer registry, Kafka's Admin API, Flink's REST API and live-push's
 * Prometheus endpoint. A source that fails or does not answer in time makes its panels "unavailable". Rates are
 * computed from this sample and the previous one, kept here; samples closer than {@code min-interval} are answered
 * from the previous document.
 */
@Singleton
public class PipelineHealthService {

    static final String WINDOW_DELAY = "streamer_push_window_delay_seconds";
    static final String RECORD_AGE = "streamer_push_record_age_seconds";

    private final HealthConfig config;
    private final MeterRegistry registry;
    private final Admin admin;
    private final ExecutorService kafkaReads;
    private final KafkaPositions positions;
    private final FlinkRest flink;
    private final HttpSource http;
    private final long deadlineMs;

    private final RateMeter ingestRate;
    private final RateMeter dlqRate;
    private final Map<String, RateMeter> resultRates = new TreeMap<>();
    private PipelineHealth last;

    PipelineHealthService(
            HealthConfig config,
            MeterRegistry registry,
            @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrap) {
        this.config = config;
        this.registry = registry;
        long minInterval = config.minInterval().toMillis();
        this.ingestRate = new RateMeter(minInterval);
        this.dlqRate = new RateMeter(minInterval);
        int timeoutMs = (int) config.timeout().toMillis();
        this.deadlineMs = timeoutMs * 2L + 500;
        Properties a = new Properties();
        a.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        a.put(AdminClientConfig.CLIENT_ID_CONFIG, "edge-api-pipeline-health");
        a.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        a.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        a.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(a);
        this.kafkaReads = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "pipeline-health-kafka");
            t.setDaemon(true);
            return t;
        });
        this.positions = new KafkaPositions(admin, config.timeout());
        this.http = new HttpSource(config.timeout());
        this.flink = new FlinkRest(http, config.flinkUrl(), config.jobName());
    }

    public synchronized PipelineHealth sample() {
        long now = System.currentTimeMillis();
        if (last != null && now - last.sampledAt() < config.minInterval().toMillis()) {
            return last;
        }
        CompletableFuture<FlinkRest.JobFigures> job = bounded(flink.read());
        CompletableFuture<PrometheusText> push =
                bounded(http.get(config.livePushMetricsUrl(), "text/plain; version=0.0.4")
                        .thenApply(PrometheusText::parse));
        CompletableFuture<List<KafkaPositions.PartitionLag>> lag =
                bounded(onKafka(() -> positions.lag(config.consumerGroup(), Topics.ACTIVITY)));
        CompletableFuture<Long> dlq = bounded(onKafka(() -> positions.records(Topics.ACTIVITY_DLQ)));

        long at = System.currentTimeMillis();
        last = new PipelineHealth(
                at,
                ingest(at),
                consumerLag(lag),
                checkpoint(job, at),
                restarts(job),
                dlq(dlq, at),
                lateEvents(job),
                results(push, at),
                connections(push),
                delivery(push),
                windowDelay(push));
        return last;
    }

    private PipelineHealth.Ingest ingest(long at) {
        Counter acked = registry.find("streamer.events.acknowledged").counter();
        if (acked == null) {
            return new PipelineHealth.Ingest(PipelineHealth.UNAVAILABLE, "the counter is not registered", null, null);
        }
        double total = acked.count();
        OptionalDouble rate = ingestRate.sample(at, total);
        return new PipelineHealth.Ingest(
                PipelineHealth.OK, rate.isPresent() ? null : FIRST_SAMPLE, boxed(rate), (long) total);
    }

    private PipelineHealth.ConsumerLag consumerLag(CompletableFuture<List<KafkaPositions.PartitionLag>> lag) {
        try {
            List<KafkaPositions.PartitionLag> partitions = lag.join();
            return new PipelineHealth.ConsumerLag(
                    PipelineHealth.OK,
                    null,
                    config.consumerGroup(),
                    Topics.ACTIVITY,
                    partitions.stream()
                            .mapToLong(KafkaPositions.PartitionLag::lag)
                            .sum(),
                    partitions);
        } catch (RuntimeException e) {
            return new PipelineHealth.ConsumerLag(
                    PipelineHealth.UNAVAILABLE,
                    "Kafka: " + why(e),
                    config.consumerGroup(),
                    Topics.ACTIVITY,
                    null,
                    null);
        }
    }

    private static PipelineHealth.Checkpoint checkpoint(CompletableFuture<FlinkRest.JobFigures> job, long at) {
        try {
            FlinkRest.JobFigures f = job.join();
            return f.checkpoint()
                    .map(c -> new PipelineHealth.Checkpoint(
                            PipelineHealth.OK,
                            null,
                            f.job().state(),
                            c.id(),
                            Math.max(0, at - c.latestAckTimestamp()) / 1000.0,
                            c.endToEndDurationMs()))
                    .orElseGet(() -> new PipelineHealth.Checkpoint(
                            PipelineHealth.UNAVAILABLE,
                            "the job completed no checkpoint yet",
                            f.job().state(),
                            null,
                            null,
                            null));
        } catch (RuntimeException e) {
            return new PipelineHealth.Checkpoint(
                    PipelineHealth.UNAVAILABLE, "Flink: " + why(e), null, null, null, null);
        }
    }

    private static PipelineHealth.Restarts restarts(CompletableFuture<FlinkRest.JobFigures> job) {
        try {
            FlinkRest.JobFigures f = job.join();
            return f.restarts()
                    .map(r -> new PipelineHealth.Restarts(
                            PipelineHealth.OK, null, f.job().state(), r))
                    .orElseGet(() -> new PipelineHealth.Restarts(
                            PipelineHealth.UNAVAILABLE,
                            "Flink did not report numRestarts",
                            f.job().state(),
                            null));
        } catch (RuntimeException e) {
            return new PipelineHealth.Restarts(PipelineHealth.UNAVAILABLE, "Flink: " + why(e), null, null);
        }
    }

    private PipelineHealth.Dlq dlq(CompletableFuture<Long> dlq, long at) {
        try {
            long records = dlq.join();
            OptionalDouble rate = dlqRate.sample(at, records);
            return new PipelineHealth.Dlq(
                    PipelineHealth.OK,
                    rate.isPresent() ? null : FIRST_SAMPLE,
                    Topics.ACTIVITY_DLQ,
                    records,
                    boxed(rate));
        } catch (RuntimeException e) {
            dlqRate.reset();
            return new PipelineHealth.Dlq(
                    PipelineHealth.UNAVAILABLE, "Kafka: " + why(e), Topics.ACTIVITY_DLQ, null, null);
        }
    }

    private static PipelineHealth.LateEvents lateEvents(CompletableFuture<FlinkRest.JobFigures> job) {
        try {
            return job.join()
                    .late()
                    .map(m -> {
                        long applied = Math.round(m.getOrDefault("lateEventsApplied", 0.0));
                        long countedOnly = Math.round(m.getOrDefault("lateEventsCountedOnly", 0.0));
                        return new PipelineHealth.LateEvents(
                                PipelineHealth.OK, null, applied + countedOnly, applied, countedOnly);
                    })
                    .orElseGet(() -> new PipelineHealth.LateEvents(
                            PipelineHealth.UNAVAILABLE,
                            "Flink reported no late-event counters of the window operator (not registered yet, or not readable)",
                            null,
                            null,
                            null));
        } catch (RuntimeException e) {
            return new PipelineHealth.LateEvents(PipelineHealth.UNAVAILABLE, "Flink: " + why(e), null, null, null);
        }
    }

    private PipelineHealth.Results results(CompletableFuture<PrometheusText> push, long at) {
        try {
            PrometheusText p = push.join();
            Map<String, Double> byTopic = new TreeMap<>();
            boolean complete = true;
            for (String topic : List.of(Topics.FEED, Topics.ANALYTICS)) {
                double received = p.value("streamer_push_records_received_total", Map.of("topic", topic))
                        .orElse(0.0);
                OptionalDouble rate = resultRates
                        .computeIfAbsent(
                                topic, t -> new RateMeter(config.minInterval().toMillis()))
                        .sample(at, received);
                if (rate.isPresent()) {
                    byTopic.put(topic, rate.getAsDouble());
                } else {
                    complete = false;
                }
            }
            if (!complete) {
                return new PipelineHealth.Results(PipelineHealth.UNAVAILABLE, FIRST_SAMPLE, null, null);
            }
            return new PipelineHealth.Results(
                    PipelineHealth.OK,
                    null,
                    byTopic.values().stream().mapToDouble(Double::doubleValue).sum(),
                    byTopic);
        } catch (RuntimeException e) {
            resultRates.values().forEach(RateMeter::reset);
            return new PipelineHealth.Results(PipelineHealth.UNAVAILABLE, "live-push: " + why(e), null, null);
        }
    }

    private static PipelineHealth.Connections connections(CompletableFuture<PrometheusText> push) {
        try {
            return push.join()
                    .value("streamer_push_connections_open")
                    .map(v -> new PipelineHealth.Connections(PipelineHealth.OK, null, Math.round(v)))
                    .orElseGet(() -> new PipelineHealth.Connections(
                            PipelineHealth.UNAVAILABLE,
                            "live-push does not export streamer_push_connections_open",
                            null));
        } catch (RuntimeException e) {
            return new PipelineHealth.Connections(PipelineHealth.UNAVAILABLE, "live-push: " + why(e), null);
        }
    }

    private static PipelineHealth.Delivery delivery(CompletableFuture<PrometheusText> push) {
        try {
            PrometheusText p = push.join();
            Optional<Double> count = p.value(RECORD_AGE + "_count");
            if (count.isEmpty() || count.get() == 0) {
                return new PipelineHealth.Delivery(
                        PipelineHealth.UNAVAILABLE, "live-push delivered no result yet", null, null, null);
            }
            return new PipelineHealth.Delivery(
                    PipelineHealth.OK,
                    null,
                    ms(p.value(RECORD_AGE, Map.of("quantile", "0.5"))),
                    ms(p.value(RECORD_AGE, Map.of("quantile", "0.99"))),
                    ms(p.value(RECORD_AGE + "_max")));
        } catch (RuntimeException e) {
            return new PipelineHealth.Delivery(PipelineHealth.UNAVAILABLE, "live-push: " + why(e), null, null, null);
        }
    }

    /** live-push's {@code streamer.push.window.delay} timer: window end → result published on the analytics topic. */
    private static PipelineHealth.WindowDelay windowDelay(CompletableFuture<PrometheusText> push) {
        try {
            PrometheusText p = push.join();
            Optional<Double> count = p.value(WINDOW_DELAY + "_count");
            if (count.isEmpty() || count.get() == 0) {
                return new PipelineHealth.WindowDelay(
                        PipelineHealth.UNAVAILABLE,
                        "live-push received no window result yet",
                        "live-push",
                        null,
                        null,
                        null);
            }
            return new PipelineHealth.WindowDelay(
                    PipelineHealth.OK,
                    null,
                    "live-push",
                    null,
                    ms(p.value(WINDOW_DELAY, Map.of("quantile", "0.5"))),
                    ms(p.value(WINDOW_DELAY + "_max")));
        } catch (RuntimeException e) {
            return new PipelineHealth.WindowDelay(
                    PipelineHealth.UNAVAILABLE, "live-push: " + why(e), "live-push", null, null, null);
        }
    }

    private static final String FIRST_SAMPLE = "a rate needs two samples: ask again";

    private static Double ms(Optional<Double> seconds) {
        return seconds.filter(Double::isFinite).map(s -> s * 1000.0).orElse(null);
    }

    private static Double boxed(OptionalDouble d) {
        return d.isPresent() ? d.getAsDouble() : null;
    }

    private static <T> Optional<T> outcome(CompletableFuture<T> f) {
        try {
            return Optional.ofNullable(f.join());
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private <T> CompletableFuture<T> onKafka(java.util.concurrent.Callable<T> read) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        return read.call();
                    } catch (Exception e) {
                        throw new CompletionException(e);
                    }
                },
                kafkaReads);
    }

    private <T> CompletableFuture<T> bounded(CompletableFuture<T> f) {
        return f.orTimeout(deadlineMs, TimeUnit.MILLISECONDS);
    }

    /** A short reason without addresses or stack traces. */
    static String why(Throwable e) {
        Throwable t = e;
        while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof TimeoutException
                || t instanceof java.net.http.HttpTimeoutException
                || t instanceof org.apache.kafka.common.errors.TimeoutException) {
            return "no answer in time";
        }
        if (t instanceof java.net.ConnectException) {
            return "not reachable";
        }
        if (t instanceof HttpSource.SourceUnavailable || t instanceof IllegalArgumentException) {
            return t.getMessage();
        }
        if (t instanceof org.apache.kafka.common.errors.ApiException) {
            return t.getClass().getSimpleName();
        }
        return "failed (" + t.getClass().getSimpleName() + ")";
    }

    @PreDestroy
    void close() {
        kafkaReads.shutdownNow();
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
