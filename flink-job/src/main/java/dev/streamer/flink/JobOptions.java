package dev.streamer.flink;

import dev.streamer.contract.Limits;
import dev.streamer.contract.Topics;
import dev.streamer.flink.sinks.JdbcSettings;
import java.io.Serializable;
import java.time.Duration;
import java.util.Set;
import org.apache.flink.util.TimeUtils;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The job's arguments, {@code --name value} or {@code --name=value} (picocli); durations like {@code 10s},
 * {@code 200ms}, {@code 1h}. See flink-job/README.md for the table.
 */
@Command(name = "streamer-job")
public final class JobOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final String DEFAULT_JDBC_URL = "jdbc:mysql://127.0.0.1:3306/streamer?sslMode=DISABLED"
            + "&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true&connectTimeout=5000&socketTimeout=60000";

    @Option(names = "--bootstrap")
    private String bootstrap = "localhost:9092";

    @Option(names = "--activity-topic")
    private String activityTopic = Topics.ACTIVITY;

    @Option(names = "--feed-topic")
    private String feedTopic = Topics.FEED;

    @Option(names = "--analytics-topic")
    private String analyticsTopic = Topics.ANALYTICS;

    @Option(names = "--dlq-topic")
    private String dlqTopic = Topics.ACTIVITY_DLQ;

    @Option(names = "--group-id")
    private String groupId = "streamer-flink-job";

    @Option(names = "--starting-offsets")
    private String startingOffsets = "committed";

    @Option(names = "--jdbc-url")
    private String jdbcUrl = DEFAULT_JDBC_URL;

    @Option(names = "--jdbc-user")
    private String jdbcUser = "root";
    // Where the password must not appear in the job's arguments (a Kubernetes Secret, say), the process that builds
    // the job graph may carry it in its environment instead.
    @Option(names = "--jdbc-password", defaultValue = "${env:STREAMER_DB_PASSWORD:-}")
    private String jdbcPassword;

    @Option(names = "--jdbc-batch-size")
    private int jdbcBatchSize = 500;

    @Option(names = "--jdbc-flush-interval")
    private Duration jdbcFlushInterval = Duration.ofMillis(200);

    @Option(names = "--jdbc-max-retries")
    private int jdbcMaxRetries = 5;

    @Option(names = "--jdbc-connection-check-timeout")
    private int jdbcConnectionCheckTimeout = 5;

    @Option(names = "--parallelism")
    private int parallelism = -1;

    @Option(names = "--max-parallelism")
    private int maxParallelism = 128;

    @Option(names = "--checkpoint-interval")
    private Duration checkpointInterval = Duration.ofSeconds(10);

    @Option(names = "--checkpoint-dir")
    private String checkpointDir;

    @Option(names = "--restart-initial-backoff")
    private Duration restartInitialBackoff = Duration.ofSeconds(1);

    @Option(names = "--restart-max-backoff")
    private Duration restartMaxBackoff = Duration.ofSeconds(30);

    @Option(names = "--restart-backoff-multiplier")
    private double restartBackoffMultiplier = 2;

    @Option(names = "--restart-jitter")
    private double restartJitter = 0.1;

    @Option(names = "--restart-reset-threshold")
    private Duration restartResetThreshold = Duration.ofMinutes(10);

    @Option(names = "--emotion")
    private String emotion = "on";

    @Option(names = "--emotion-threads")
    private int emotionThreads = 2;

    @Option(names = "--emotion-in-flight")
    private int emotionInFlight = 100;

    @Option(names = "--emotion-timeout")
    private Duration emotionTimeout = Duration.ofSeconds(60);

    @Option(names = "--window")
    private Duration window = Duration.ofSeconds(30);

    @Option(names = "--out-of-orderness")
    private Duration outOfOrderness = Duration.ofSeconds(5);

    @Option(names = "--idle-after")
    private Duration idleAfter = Duration.ofSeconds(5);

    @Option(names = "--allowed-lateness")
    private Duration allowedLateness = Duration.ofSeconds(60);

    @Option(names = "--window-retention")
    private Duration windowRetention = Duration.ofHours(1);

    @Option(names = "--dedup-ttl")
    private Duration dedupTtl = Limits.DEDUP_HORIZON.plus(Limits.DEDUP_MARGIN);

    @Option(names = "--feed-interval")
    private Duration feedInterval = Duration.ofMillis(200);

    @Option(names = "--fail-after")
    private long failAfter;

    @Option(names = "--job-name")
    private String jobName = "streamer";

    private JobOptions() {}

    public static JobOptions parse(String... args) {
        JobOptions o = new JobOptions();
        // a repeated option: the last one wins (tests and wrappers append to a default argument list)
        CommandLine command = new CommandLine(o)
                .registerConverter(Duration.class, TimeUtils::parseDuration)
                .setOverwrittenOptionsAllowed(true);
        try {
            command.parseArgs(args);
        } catch (CommandLine.UnmatchedArgumentException e) {
            throw new IllegalArgumentException(
                    "unknown option " + e.getUnmatched().get(0) + "; known: "
                            + command.getCommandSpec().optionsMap().keySet(),
                    e);
        } catch (CommandLine.ParameterException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        o.validate();
        return o;
    }

    private void validate() {
        if (!emotion.equals("on") && !emotion.equals("off")) {
            throw new IllegalArgumentException("--emotion must be on or off, not '" + emotion + "'");
        }
        if (!Set.of("committed", "earliest", "latest").contains(startingOffsets)) {
            throw new IllegalArgumentException("--starting-offsets must be committed, earliest or latest");
        }
        if (window.toMillis() <= 0
                || jdbcBatchSize <= 0
                || checkpointInterval.toMillis() <= 0
                || dedupTtl.toMillis() <= 0) {
            throw new IllegalArgumentException(
                    "--window, --jdbc-batch-size, --checkpoint-interval and --dedup-ttl must be " + "positive");
        }
        if (jdbcMaxRetries < 1 || jdbcConnectionCheckTimeout < 1 || jdbcFlushInterval.isNegative()) {
            throw new IllegalArgumentException(
                    "--jdbc-max-retries and --jdbc-connection-check-timeout must be at least 1 "
                            + "(a connection MySQL closed while idle fails the first attempt), --jdbc-flush-interval not negative");
        }
        if (maxParallelism <= 0 || maxParallelism > 32_768 || parallelism > maxParallelism) {
            throw new IllegalArgumentException("--max-parallelism must be 1..32768 and at least --parallelism");
        }
        if (restartInitialBackoff.toMillis() <= 0
                || restartMaxBackoff.compareTo(restartInitialBackoff) < 0
                || restartBackoffMultiplier < 1
                || restartJitter < 0
                || restartJitter > 1) {
            throw new IllegalArgumentException("--restart-initial-backoff must be positive and at most "
                    + "--restart-max-backoff, --restart-backoff-multiplier at least 1, --restart-jitter 0..1");
        }
        if (emotionThreads < 1 || emotionInFlight < 1 || emotionTimeout.toMillis() <= 0) {
            throw new IllegalArgumentException(
                    "--emotion-threads and --emotion-in-flight must be at least 1, --emotion-timeout positive");
        }
        if (feedInterval.isNegative()) {
            throw new IllegalArgumentException("--feed-interval must be 0 (every version) or positive");
        }
    }

    public JdbcSettings jdbc() {
        return new JdbcSettings(
                jdbcUrl,
                jdbcUser,
                jdbcPassword,
                jdbcBatchSize,
                jdbcFlushInterval.toMillis(),
                jdbcMaxRetries,
                jdbcConnectionCheckTimeout);
    }

    public String bootstrap() {
        return bootstrap;
    }

    public String activityTopic() {
        return activityTopic;
    }

    public String feedTopic() {
        return feedTopic;
    }

    public String analyticsTopic() {
        return analyticsTopic;
    }

    public String dlqTopic() {
        return dlqTopic;
    }

    public String groupId() {
        return groupId;
    }

    public String startingOffsets() {
        return startingOffsets;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public int parallelism() {
        return parallelism;
    }

    public int maxParallelism() {
        return maxParallelism;
    }

    public Duration checkpointInterval() {
        return checkpointInterval;
    }
    /** The checkpoint directory, or null for Flink's (JobManager memory unless the cluster names one). */
    public String checkpointDir() {
        return checkpointDir == null || checkpointDir.isBlank() ? null : checkpointDir;
    }

    public Duration restartInitialBackoff() {
        return restartInitialBackoff;
    }

    public Duration restartMaxBackoff() {
        return restartMaxBackoff;
    }

    public double restartBackoffMultiplier() {
        return restartBackoffMultiplier;
    }

    public double restartJitter() {
        return restartJitter;
    }

    public Duration restartResetThreshold() {
        return restartResetThreshold;
    }

    public boolean emotion() {
        return emotion.equals("on");
    }

    public int emotionThreads() {
        return emotionThreads;
    }

    public int emotionInFlight() {
        return emotionInFlight;
    }

    public Duration emotionTimeout() {
        return emotionTimeout;
    }

    public Duration window() {
        return window;
    }

    public Duration outOfOrderness() {
        return outOfOrderness;
    }

    public Duration idleAfter() {
        return idleAfter;
    }

    public Duration allowedLateness() {
        return allowedLateness;
    }

    public Duration windowRetention() {
        return windowRetention;
    }

    public Duration dedupTtl() {
        return dedupTtl;
    }

    public Duration feedInterval() {
        return feedInterval;
    }

    public long failAfter() {
        return failAfter;
    }

    public String jobName() {
        return jobName;
    }

    @Override
    public String toString() {
        return "JobOptions[bootstrap=" + bootstrap + ", topics=" + activityTopic + "→" + feedTopic + ","
                + analyticsTopic
                + "," + dlqTopic + ", jdbc=" + jdbcUrl + " as " + jdbcUser + ", parallelism=" + parallelism + "/max "
                + maxParallelism + ", checkpoints=" + checkpointInterval + " " + checkpointDir + ", emotion=" + emotion
                + (emotion() ? " (" + emotionThreads + " threads, " + emotionInFlight + " in flight)" : "")
                + ", window=" + window + ", outOfOrderness=" + outOfOrderness + ", idleAfter=" + idleAfter
                + ", lateness=" + allowedLateness + ", retention=" + windowRetention + ", dedupTtl=" + dedupTtl + "]";
    }
}
