package dev.streamer.flink;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.emotion.EmotionModelFactory;
import dev.streamer.flink.emotion.PostClassifierFactory;
import dev.streamer.flink.functions.AllCommunitiesWindows;
import dev.streamer.flink.functions.ActivityDeserializer;
import dev.streamer.flink.functions.ActivityWatermarks;
import dev.streamer.flink.functions.ClassifyPosts;
import dev.streamer.flink.functions.CoalescePosts;
import dev.streamer.flink.functions.FailureInjector;
import dev.streamer.flink.functions.FeedState;
import dev.streamer.flink.functions.RouteRejected;
import dev.streamer.flink.functions.WindowAnalytics;
import dev.streamer.flink.records.Activity;
import dev.streamer.flink.records.Incoming;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
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

    public StreamerJob(JobOptions options, Source<Incoming, ?, ?> source, Sinks sinks, PostClassifierFactory classifier) {
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

    /** Checkpointing and restart settings of {@code o}, for {@link StreamExecutionEnvironment#getExecutionEnvironment(Configuration)}. */
    public static Configuration configuration(JobOptions o) {
        Configuration conf = new Configuration();
        conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, o.checkpointInterval());
        if (o.checkpointDir() != null) {
            conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, o.checkpointDir());
        }
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, o.restartAttempts());
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, o.restartDelay());
        return conf;
    }

    /** Adds the pipeline to {@code env}. */
    public void build(StreamExecutionEnvironment env) {
        if (options.parallelism() > 0) {
            env.setParallelism(options.parallelism());
        }
        Configuration conf = configuration(options);
        env.configure(conf);
        env.enableCheckpointing(options.checkpointInterval().toMillis());
        // every record type of the job is immutable, so chained operators may share instances
        env.getConfig().enableObjectReuse();

        DataStream<Incoming> incoming = env
                .fromSource(source, ActivityWatermarks.strategy(options.outOfOrderness(), options.idleAfter()), "activity")
                .uid("activity-source");
        SingleOutputStreamOperator<Activity> routed = incoming.process(new RouteRejected())
                .uid("route-rejected").name("decode-or-dlq");
        routed.getSideOutput(RouteRejected.REJECTED).sinkTo(sinks.dlqTopic()).uid("dlq-topic").name("dlq-topic");

        DataStream<Activity> activity = routed;
        if (options.failAfter() > 0) {
            activity = activity.map(new FailureInjector<Activity>(options.failAfter())).uid("failure-injector")
                    .name("failure-injector");
        }
        if (classifier != null) {
            // chained to the source: a post keeps its order with the interactions that follow it
            activity = activity.map(new ClassifyPosts(classifier)).uid("emotion").name("emotion");
        }

        SingleOutputStreamOperator<FeedPost> posts = activity
                .filter(a -> a.postId() != null).name("post-events")
                .keyBy(Activity::postId, Types.STRING)
                .process(new FeedState(options.dedupTtl())).uid("feed-state").name("feed-state");
        DataStream<FeedPost> postVersions = posts;
        if (!options.feedInterval().isZero()) {
            postVersions = posts.transform("feed-latest", posts.getType(), new CoalescePosts(options.feedInterval()))
                    .uid("feed-latest");
        }
        postVersions.sinkTo(sinks.postsTable()).uid("posts-table").name("posts-table");
        postVersions.sinkTo(sinks.feedTopic()).uid("feed-topic").name("feed-topic");
        posts.getSideOutput(FeedState.LIKES).sinkTo(sinks.postLikesTable()).uid("post-likes-table").name("post-likes-table");
        posts.getSideOutput(FeedState.COMMENTS).sinkTo(sinks.commentsTable()).uid("comments-table").name("comments-table");

        SingleOutputStreamOperator<WindowResult> perCommunity = activity
                .keyBy(Activity::communityId, Types.STRING)
                .process(new WindowAnalytics(options.window(), options.allowedLateness(), options.windowRetention()))
                .uid("windows-community").name("windows-per-community");
        // built from the communities' results, not from every event again: no subtask has to see the whole stream
        DataStream<WindowResult> allCommunities = perCommunity.getSideOutput(WindowAnalytics.PARTS)
                .keyBy(p -> Limits.ALL_COMMUNITIES, Types.STRING)
                .process(new AllCommunitiesWindows(options.window(), options.allowedLateness(), options.windowRetention()))
                .uid("windows-all-communities").name("windows-all-communities");
        DataStream<WindowResult> results = perCommunity.union(allCommunities);
        results.sinkTo(sinks.windowStatsTable()).uid("window-stats-table").name("window-stats-table");
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
