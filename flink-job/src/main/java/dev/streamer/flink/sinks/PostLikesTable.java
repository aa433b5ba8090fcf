package dev.streamer.flink.sinks;

import dev.streamer.flink.records.LikeChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * {@code post_likes}: one row per user and post with the last like switch ({@code liked}); a user likes the post while
 * it says so. Every switch is an upsert of that row, applied in the order it came, so the last one wins — also within
 * one batch, which the driver sends as one multi-row statement (MySQL applies its rows in order). A switch of a user
 * MySQL does not hold is not written (see {@link PostsTable}). {@code liked_at} is when the like was last switched on
 * (for a row that only ever saw an unlike, the unlike's time).
 */
public final class PostLikesTable implements JdbcStatementBuilder<LikeChange> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "post_likes";

    static final String SQL = "INSERT IGNORE INTO post_likes (post_id, user_id, liked, liked_at) VALUES (?, ?, ?, ?)"
            + " ON DUPLICATE KEY UPDATE liked_at = IF(VALUES(liked), VALUES(liked_at), liked_at),"
            + " liked = VALUES(liked)";

    public static JdbcSink<LikeChange> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new PostLikesTable());
    }

    @Override
    public void accept(PreparedStatement st, LikeChange r) throws SQLException {
        st.setString(1, r.postId());
        st.setString(2, r.userId());
        st.setBoolean(3, r.liked());
        st.setLong(4, r.at());
    }
}
