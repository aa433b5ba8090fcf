package dev.streamer.flink;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.emotion.EmotionModelFactory;
import dev.streamer.flink.emotion.PostClassifierFactory;
import dev.streamer.flink.functions.ActivityDeserializer;
import dev.streamer.flink.functions.ActivityWatermarks;
import dev.streamer.flink.functions.AllCommunitiesWindows;
import dev.streamer.flink.functions.ClassifyPosts;
import dev.streamer.flink.functions.CoalescePosts;
import dev.streamer.flink.functions.CommunityWindows;
import dev.streamer.flink.functions.FailureInjector;
import dev.streamer.flink.functions.FeedState;
import dev.streamer.flink.functions.RouteRejected;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Incoming;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Streamer job. Activity from Kafka is decoded (bad records to the DLQ), new posts are labelled with their
 * emotion, per-post state is kept by post id, and 30-second event-time windows per community and for all
 * communities are computed; results go to MySQL and to the feed and analytics topics.
 *
 * <p>Like apache/flink-training's exercises, the job takes its source and sinks as arguments: tests run this same
 * pipeline on a MiniCluster.
 */
public final class StreamerJob {

    private static final Logger LOG = LoggerFactory.getLogger(StreamerJob.class);

    private final JobOptions options;
    private final Source<Incoming, ?, ?> source;
    private final Sinks sinks;
    private final PostClassifierFactory classifier;

    public StreamerJob(
            JobOptions options, Source<Incoming, ?, ?> source, Sinks sinks, PostClassifierFactory classifier) {
        this.options = options;
        this.source = source;
        this.sinks = sinks;
        this.classifier = classifier;
    }

    /** The job with the Kafka source, the real sinks and (unless {@code --emotion off}) the emotion model. */
    public static StreamerJob of(JobOptions o) {
        return new StreamerJob(o, kafkaSource(o), Sinks.of(o), o.emotion() ? new EmotionModelFactory(null) : null);
    }

    public static KafkaSource<Incoming> kafkaSource(JobOptions o) {
        return kafkaSourceBuilder(o).build();
    }

    /** The source's settings, for callers that change one (the benchmark reads a bounded topic). */
    public static KafkaSourceBuilder<Incoming> kafkaSourceBuilder(JobOptions o) {
        OffsetsInitializer start = switch (o.startingOffsets()) {
            case "earliest" -> OffsetsInitializer.earliest();
            case "latest" -> OffsetsInitializer.latest();
            default -> OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
        return KafkaSource.<Incoming>builder()
                .setBootstrapServers(o.bootstrap())
                .setTopics(o.activityTopic())
                .setGroupId(o.groupId())
                .setStartingOffsets(start)
                .setDeserializer(new ActivityDeserializer())
                .setProperty("commit.offsets.on.checkpoint", "true")
                .setProperty("partition.discovery.interval.ms", "60000");
    }

    /**
     * Checkpointing, restart and pipeline settings of {@code o}, for
     * {@link StreamExecutionEnvironment#getExecutionEnvironment(Configuration)}.
     *
     * <ul>
     *   <li>Restarts: exponential delay without a limit on attempts, so an outage of MySQL or Kafka of any length
     *       ends with the job running again once they are back (each failed attempt waits longer, up to the maximum
     *       back-off, with jitter; after the reset threshold without a failure the next one waits the initial
     *       back-off again).</li>
     *   <li>Checkpoints are retained when the job is cancelled, so a job can be resumed from its last one.</li>
     *   <li>An explicit maximum parallelism (the number of key groups) so that savepoints rescale; it must never
     *       change for the same state.</li>
     *   <li>No generated operator ids: every operator must have its own {@code uid}, or building the job fails, so that
     *       a savepoint of this job always restores into the same operators.</li>
     * </ul>
     */
    public static Configuration configuration(JobOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
        if (o.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
        }
        conf.set(
                CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "exponential-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_INITIAL_BACKOFF, o.restartInitialBackoff());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_MAX_BACKOFF, o.restartMaxBackoff());
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_BACKOFF_MULTIPLIER,
                o.restartBackoffMultiplier());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_JITTER_FACTOR, o.restartJitter());
        conf.set(
                RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_RESET_BACKOFF_THRESHOLD,
                o.restartResetThreshold());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_EXPONENTIAL_DELAY_ATTEMPTS, Integer.MAX_VALUE);
        conf.set(PipelineOptions.MAX_PARALLELISM, o.maxParallelism());
        conf.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        return conf;
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
        Configuration conf = configuration(options);
        env.configure(conf);
        env.setMaxParallelism(options.maxParallelism());
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        // every record type of the job is immutable, so chained operators may share instances
        env.getConfig().enableObjectReuse();

        DataStream<Incoming> incoming = env.fromSource(
                        source, ActivityWatermarks.strategy(options.outOfOrderness(), options.idleAfter()), "activity")
                .uid("activity-source");
        SingleOutputStreamOperator<Activity> routed =
                incoming.process(new RouteRejected()).uid("route-rejected").name("decode-or-dlq");
        routed.getSideOutput(RouteRejected.REJECTED)
                .sinkTo(sinks.dlqTopic())
                .uid("dlq-topic")
                .name("dlq-topic");

        DataStream<Activity> activity = routed;
        if (options.failAfter() > 0) {
            activity = activity.map(new FailureInjector<Activity>(options.failAfter()))
                    .uid("failure-injector")
                    .name("failure-injector");
        }
        if (classifier != null) {
            // ordered and chained to the source: a post keeps its order with the interactions that follow it
            activity = ClassifyPosts.labelled(
                    activity,
                    classifier,
                    options.emotionThreads(),
                    options.emotionInFlight(),
                    options.emotionTimeout());
        }

        // one de-duplication before anything is counted: the windows and the feed see the same first occurrences
        SingleOutputStreamOperator<WindowResult> perCommunity = activity.keyBy(Activity::communityId, Types.STRING)
                .transform(
                        "community-windows",
                        TypeInformation.of(WindowResult.class),
                        new CommunityWindows(
                                options.window(),
                                options.outOfOrderness(),
                                options.allowedLateness(),
                                options.windowRetention(),
                                options.dedupTtl()))
                .uid("community-windows");

        // a post's events all come from one community, hence one subtask above: they keep their log order
        SingleOutputStreamOperator<FeedPost> posts = perCommunity
                .getSideOutput(CommunityWindows.POST_EVENTS)
                .keyBy(Activity::postId, Types.STRING)
                .process(new FeedState())
                .uid("feed-state")
                .name("feed-state");
        DataStream<FeedPost> postVersions = posts;
        if (!options.feedInterval().isZero()) {
            postVersions = posts.transform("feed-latest", posts.getType(), new CoalescePosts(options.feedInterval()))
                    .uid("feed-latest");
        }
        // MySQL writers in tasks of their own: a batch being written (each flush interval, and all of them at every
        // checkpoint) blocks the thread that runs the writer, which must not be the one that feeds the topics the
        // dashboards read
        postVersions
                .sinkTo(sinks.postsTable())
                .uid("posts-table")
                .name("posts-table")
                .disableChaining();
        postVersions.sinkTo(sinks.feedTopic()).uid("feed-topic").name("feed-topic");
        posts.getSideOutput(FeedState.LIKES)
                .sinkTo(sinks.postLikesTable())
                .uid("post-likes-table")
                .name("post-likes-table")
                .disableChaining();
        posts.getSideOutput(FeedState.COMMENTS)
                .sinkTo(sinks.commentsTable())
                .uid("comments-table")
                .name("comments-table")
                .disableChaining();

        // built from the communities' results, not from every event again: no subtask has to see the whole stream
        DataStream<WindowResult> allCommunities = perCommunity
                .getSideOutput(CommunityWindows.PARTS)
                .keyBy(p -> Limits.ALL_COMMUNITIES, Types.STRING)
                .transform(
                        "all-communities-windows",
                        TypeInformation.of(WindowResult.class),
                        new AllCommunitiesWindows(
                                options.window(),
                                options.outOfOrderness(),
                                options.allowedLateness(),
                                options.windowRetention()))
                .uid("all-communities-windows");
        DataStream<WindowResult> results = perCommunity.union(allCommunities);
        results.sinkTo(sinks.windowStatsTable())
                .uid("window-stats-table")
                .name("window-stats-table")
                .disableChaining();
        results.sinkTo(sinks.analyticsTopic()).uid("analytics-topic").name("analytics-topic");
    }

    public JobClient start(StreamExecutionEnvironment env) throws Exception {
        build(env);
        return env.executeAsync(options.jobName());
    }

    public static void main(String[] args) throws Exception {
        JobOptions options = JobOptions.parse(args);
        LOG.info("starting {}", options);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(configuration(options));
        StreamerJob job = of(options);
        job.build(env);
        env.execute(options.jobName());
    }
}
