package dev.streamer.flink;

import dev.streamer.contract.FeedPost;
import dev.streamer.contract.WindowResult;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.flink.records.Rejected;
import dev.streamer.flink.sinks.CommentsTable;
import dev.streamer.flink.sinks.JdbcSettings;
import dev.streamer.flink.sinks.KafkaResults;
import dev.streamer.flink.sinks.PostLikesTable;
import dev.streamer.flink.sinks.PostsTable;
import dev.streamer.flink.sinks.WindowStatsTable;
import org.apache.flink.api.connector.sink2.Sink;

/** Where the job's results go; {@link #of(JobOptions)} gives the real Kafka topics and MySQL tables. */
public record Sinks(
        Sink<FeedPost> feedTopic,
        Sink<WindowResult> analyticsTopic,
        Sink<Rejected> dlqTopic,
        Sink<FeedPost> postsTable,
        Sink<LikeChange> postLikesTable,
        Sink<CommentRow> commentsTable,
        Sink<WindowResult> windowStatsTable) {

    public static Sinks of(JobOptions o) {
        JdbcSettings jdbc = o.jdbc();
        return new Sinks(
                KafkaResults.feed(o.bootstrap(), o.feedTopic()),
                KafkaResults.analytics(o.bootstrap(), o.analyticsTopic()),
                KafkaResults.dlq(o.bootstrap(), o.dlqTopic()),
                PostsTable.sink(jdbc),
                PostLikesTable.sink(jdbc),
                CommentsTable.sink(jdbc),
                WindowStatsTable.sink(jdbc));
    }
}
