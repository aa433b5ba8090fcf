package dev.streamer.flink.sinks;

import dev.streamer.flink.records.LikeChange;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.Map;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * {@code post_likes}: a row while the user likes the post. Every switch is applied in the order it came, so the last
 * one wins; a like of a user MySQL does not hold is not written (see {@link PostsTable}).
 *
 * <p>A like inserts and an unlike deletes, but the connector's sink runs one statement per row: the statement is
 * both, each guarded by the switch ({@code allowMultiQueries} on this table's connection only). Two sinks, one per
 * switch, would flush independently and could apply an unlike before the like it undoes.
 */
public final class PostLikesTable implements JdbcStatementBuilder<LikeChange> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "post_likes";

    static final String SQL = "DELETE FROM post_likes WHERE post_id = ? AND user_id = ? AND NOT ?;\n"
            + "INSERT INTO post_likes (post_id, user_id, liked_at) SELECT ?, ?, ? FROM DUAL\n"
            + "WHERE ? AND EXISTS (SELECT 1 FROM users WHERE id = ?)\n"
            + "ON DUPLICATE KEY UPDATE liked_at = VALUES(liked_at)";

    public static JdbcSink<LikeChange> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new PostLikesTable(), Map.of("allowMultiQueries", "true"));
    }

    @Override
    public void accept(PreparedStatement st, LikeChange r) throws SQLException {
        st.setString(1, r.postId());
        st.setString(2, r.userId());
        st.setBoolean(3, r.liked());
        st.setString(4, r.postId());
        st.setString(5, r.userId());
        st.setLong(6, r.at());
        st.setBoolean(7, r.liked());
        st.setString(8, r.userId());
    }
}
