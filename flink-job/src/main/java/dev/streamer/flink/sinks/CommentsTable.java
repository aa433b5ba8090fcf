package dev.streamer.flink.sinks;

import dev.streamer.flink.records.CommentRow;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * {@code comments}: inserted once per comment id; a replayed comment changes nothing ({@code INSERT IGNORE} skips the
 * duplicate). A comment whose community or author MySQL does not hold is not written (see {@link PostsTable}).
 */
public final class CommentsTable implements JdbcStatementBuilder<CommentRow> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "comments";

    static final String SQL = """
            INSERT IGNORE INTO comments (id, post_id, community_id, author_id, author_name, text, created_at)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            """;

    public static JdbcSink<CommentRow> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new CommentsTable());
    }

    @Override
    public void accept(PreparedStatement st, CommentRow r) throws SQLException {
        st.setString(1, r.commentId());
        st.setString(2, r.postId());
        st.setString(3, r.communityId());
        st.setString(4, r.authorId());
        st.setString(5, r.authorName());
        st.setString(6, r.text());
        st.setLong(7, r.createdAt());
    }
}
