package dev.streamer.flink;

import dev.streamer.contract.Limits;
import dev.streamer.contract.Topics;
import dev.streamer.flink.sinks.JdbcSettings;
import org.apache.flink.util.TimeUtils;

import java.io.Serializable;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The job's arguments, {@code --name value} or {@code --name=value}; durations like {@code 10s}, {@code 200ms},
 * {@code 1h}. See flink-job/README.md for the table.
 */
public record JobOptions(
        String bootstrap,
        String activityTopic,
        String feedTopic,
        String analyticsTopic,
        String dlqTopic,
        String groupId,
        String startingOffsets,
        String jdbcUrl,
        String jdbcUser,
        String jdbcPassword,
        int jdbcBatchSize,
        Duration jdbcFlushInterval,
        int jdbcMaxRetries,
        int jdbcConnectionCheckTimeout,
        int parallelism,
        int maxParallelism,
        Duration checkpointInterval,
        String checkpointDir,
        Duration restartInitialBackoff,
        Duration restartMaxBackoff,
        double restartBackoffMultiplier,
        double restartJitter,
        Duration restartResetThreshold,
        boolean emotion,
        Duration window,
        Duration outOfOrderness,
        Duration idleAfter,
        Duration allowedLateness,
        Duration windowRetention,
        Duration dedupTtl,
        Duration feedInterval,
        long failAfter,
        String jobName) implements Serializable {

    public static final String DEFAULT_JDBC_URL = "jdbc:mysql://127.0.0.1:3306/streamer?sslMode=DISABLED"
            + "&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true&connectTimeout=5000&socketTimeout=60000";

    private static final Map<String, String> DEFAULTS = defaults();

    private static Map<String, String> defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("bootstrap", "localhost:9092");
        d.put("activity-topic", Topics.ACTIVITY);
        d.put("feed-topic", Topics.FEED);
        d.put("analytics-topic", Topics.ANALYTICS);
        d.put("dlq-topic", Topics.ACTIVITY_DLQ);
        d.put("group-id", "streamer-flink-job");
        d.put("starting-offsets", "committed");
        d.put("jdbc-url", DEFAULT_JDBC_URL);
        d.put("jdbc-user", "root");
        d.put("jdbc-password", "");
        d.put("jdbc-batch-size", "500");
        d.put("jdbc-flush-interval", "200ms");
        d.put("jdbc-max-retries", "5");
        d.put("jdbc-connection-check-timeout", "5");
        d.put("parallelism", "-1");
        d.put("max-parallelism", "128");
        d.put("checkpoint-interval", "10s");
        d.put("checkpoint-dir", "");
        d.put("restart-initial-backoff", "1s");
        d.put("restart-max-backoff", "30s");
        d.put("restart-backoff-multiplier", "2");
        d.put("restart-jitter", "0.1");
        d.put("restart-reset-threshold", "10min");
        d.put("emotion", "on");
        d.put("window", "30s");
        d.put("out-of-orderness", "5s");
        d.put("idle-after", "5s");
        d.put("allowed-lateness", "60s");
        d.put("window-retention", "1h");
        d.put("dedup-ttl", Limits.DEDUP_HORIZON.plus(Limits.DEDUP_MARGIN).toMinutes() + "min");
        d.put("feed-interval", "200ms");
        d.put("fail-after", "0");
        d.put("job-name", "streamer");
        return d;
    }

    public static Set<String> names() {
        return DEFAULTS.keySet();
    }

    public static JobOptions parse(String... args) {
        Map<String, String> v = new LinkedHashMap<>(DEFAULTS);
        Set<String> given = new java.util.HashSet<>();
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (!arg.startsWith("--")) {
                throw new IllegalArgumentException("unexpected argument '" + arg + "' (options are --name value)");
            }
            String name = arg.substring(2);
            String value;
            int eq = name.indexOf('=');
            if (eq >= 0) {
                value = name.substring(eq + 1);
                name = name.substring(0, eq);
            } else if (i + 1 < args.length && !args[i + 1].startsWith("--")) {
                value = args[++i];
            } else {
                value = "";
            }
            if (!DEFAULTS.containsKey(name)) {
                throw new IllegalArgumentException("unknown option --" + name + "; known: " + DEFAULTS.keySet());
            }
            v.put(name, value);
            given.add(name);
        }
        // Where the password must not appear in the job's arguments (a Kubernetes Secret, say), the process that
        // builds the job graph may carry it in its environment instead.
        String passwordFromEnv = System.getenv("STREAMER_DB_PASSWORD");
        if (!given.contains("jdbc-password") && passwordFromEnv != null) {
            v.put("jdbc-password", passwordFromEnv);
        }
        String emotion = v.get("emotion");
        if (!emotion.equals("on") && !emotion.equals("off")) {
            throw new IllegalArgumentException("--emotion must be on or off, not '" + emotion + "'");
        }
        String offsets = v.get("starting-offsets");
        if (!Set.of("committed", "earliest", "latest").contains(offsets)) {
            throw new IllegalArgumentException("--starting-offsets must be committed, earliest or latest");
        }
        JobOptions o = new JobOptions(v.get("bootstrap"), v.get("activity-topic"), v.get("feed-topic"),
                v.get("analytics-topic"), v.get("dlq-topic"), v.get("group-id"), offsets, v.get("jdbc-url"),
                v.get("jdbc-user"), v.get("jdbc-password"), integer(v, "jdbc-batch-size"),
                duration(v, "jdbc-flush-interval"), integer(v, "jdbc-max-retries"), integer(v, "jdbc-connection-check-timeout"),
                integer(v, "parallelism"), integer(v, "max-parallelism"), duration(v, "checkpoint-interval"),
                blankToNull(v.get("checkpoint-dir")), duration(v, "restart-initial-backoff"),
                duration(v, "restart-max-backoff"), decimal(v, "restart-backoff-multiplier"), decimal(v, "restart-jitter"),
                duration(v, "restart-reset-threshold"), emotion.equals("on"),
                duration(v, "window"), duration(v, "out-of-orderness"),
                duration(v, "idle-after"), duration(v, "allowed-lateness"), duration(v, "window-retention"),
                duration(v, "dedup-ttl"), duration(v, "feed-interval"), Long.parseLong(v.get("fail-after")),
                v.get("job-name"));
        if (o.window.toMillis() <= 0 || o.jdbcBatchSize <= 0 || o.checkpointInterval.toMillis() <= 0
                || o.dedupTtl.toMillis() <= 0) {
            throw new IllegalArgumentException("--window, --jdbc-batch-size, --checkpoint-interval and --dedup-ttl must be "
                    + "positive");
        }
        if (o.maxParallelism <= 0 || o.maxParallelism > 32_768 || o.parallelism > o.maxParallelism) {
            throw new IllegalArgumentException("--max-parallelism must be 1..32768 and at least --parallelism");
        }
        if (o.restartInitialBackoff.toMillis() <= 0 || o.restartMaxBackoff.compareTo(o.restartInitialBackoff) < 0
                || o.restartBackoffMultiplier < 1 || o.restartJitter < 0 || o.restartJitter > 1) {
            throw new IllegalArgumentException("--restart-initial-backoff must be positive and at most "
                    + "--restart-max-backoff, --restart-backoff-multiplier at least 1, --restart-jitter 0..1");
        }
        if (o.feedInterval.isNegative()) {
            throw new IllegalArgumentException("--feed-interval must be 0 (every version) or positive");
        }
        return o;
    }

    public JdbcSettings jdbc() {
        return new JdbcSettings(jdbcUrl, jdbcUser, jdbcPassword, jdbcBatchSize, jdbcFlushInterval.toMillis(),
                jdbcMaxRetries, jdbcConnectionCheckTimeout);
    }

    private static int integer(Map<String, String> v, String name) {
        try {
            return Integer.parseInt(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be an integer, not '" + v.get(name) + "'");
        }
    }

    private static double decimal(Map<String, String> v, String name) {
        try {
            return Double.parseDouble(v.get(name).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a number, not '" + v.get(name) + "'");
        }
    }

    private static Duration duration(Map<String, String> v, String name) {
        try {
            return TimeUtils.parseDuration(v.get(name).trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--" + name + " must be a duration like 10s or 200ms, not '"
                    + v.get(name) + "'");
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    @Override
    public String toString() {
        return "JobOptions[bootstrap=" + bootstrap + ", topics=" + activityTopic + "→" + feedTopic + "," + analyticsTopic
                + "," + dlqTopic + ", jdbc=" + jdbcUrl + " as " + jdbcUser + ", parallelism=" + parallelism + "/max "
                + maxParallelism + ", checkpoints=" + checkpointInterval + " " + checkpointDir + ", emotion=" + emotion
                + ", window=" + window + ", outOfOrderness=" + outOfOrderness + ", idleAfter=" + idleAfter
                + ", lateness=" + allowedLateness + ", retention=" + windowRetention + ", dedupTtl=" + dedupTtl + "]";
    }
}
