package dev.streamer.flink.sinks;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.FeedPost;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * {@code posts}: one row per post, replaced only by a version at least as new (so a replay never goes back). A post
 * whose community, author or image MySQL does not hold is not written: {@code INSERT IGNORE} turns the row's foreign
 * key error into a warning and skips that row only (a refused row would otherwise fail the sink on every replay).
 *
 * <p>A plain {@code VALUES} insert, so that the driver ({@code rewriteBatchedStatements}) sends a batch as one
 * multi-row statement: one round trip and one commit per batch. Guarding each row with {@code INSERT … SELECT … WHERE
 * EXISTS} instead made every row its own statement and commit, ~10x slower (README, Measured). IGNORE would also turn
 * a too-long value into a truncated one; the columns hold the contract's limits (TableStatementsIT), so none is.
 */
public final class PostsTable implements JdbcStatementBuilder<FeedPost> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "posts";

    // MySQL evaluates the assignments left to right: version must be assigned last, after the guards read it.
    static final String SQL = """
            INSERT IGNORE INTO posts (id, community_id, author_id, author_name, text, media_id, created_at, emotion,
                score_anger, score_disgust, score_fear, score_joy, score_sadness, score_surprise, score_neutral,
                likes, comments, shares, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE
                emotion = IF(VALUES(version) >= version, VALUES(emotion), emotion),
                score_anger = IF(VALUES(version) >= version, VALUES(score_anger), score_anger),
                score_disgust = IF(VALUES(version) >= version, VALUES(score_disgust), score_disgust),
                score_fear = IF(VALUES(version) >= version, VALUES(score_fear), score_fear),
                score_joy = IF(VALUES(version) >= version, VALUES(score_joy), score_joy),
                score_sadness = IF(VALUES(version) >= version, VALUES(score_sadness), score_sadness),
                score_surprise = IF(VALUES(version) >= version, VALUES(score_surprise), score_surprise),
                score_neutral = IF(VALUES(version) >= version, VALUES(score_neutral), score_neutral),
                likes = IF(VALUES(version) >= version, VALUES(likes), likes),
                comments = IF(VALUES(version) >= version, VALUES(comments), comments),
                shares = IF(VALUES(version) >= version, VALUES(shares), shares),
                version = GREATEST(version, VALUES(version))
            """;

    public static JdbcSink<FeedPost> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new PostsTable());
    }

    @Override
    public void accept(PreparedStatement st, FeedPost p) throws SQLException {
        int i = 1;
        st.setString(i++, p.postId());
        st.setString(i++, p.communityId());
        st.setString(i++, p.authorId());
        st.setString(i++, p.authorName());
        st.setString(i++, p.text());
        st.setString(i++, p.mediaId());
        st.setLong(i++, p.createdAt());
        st.setString(i++, p.emotion() == null ? null : p.emotion().label());
        for (Emotion e : Emotion.ALL) {
            if (p.emotionScores() == null) {
                st.setNull(i++, Types.DOUBLE);
            } else {
                st.setDouble(i++, p.emotionScores().get(e));
            }
        }
        st.setLong(i++, p.likes());
        st.setLong(i++, p.comments());
        st.setLong(i++, p.shares());
        st.setLong(i, p.version());
    }
}
