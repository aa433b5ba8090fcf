package dev.streamer.flink.sinks;

import dev.streamer.flink.records.CommentRow;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code comments}: inserted once per comment id; a replayed comment changes nothing. */
public final class CommentsTable implements TableWriter<CommentRow> {

    private static final long serialVersionUID = 1L;

    static final String SQL = "INSERT INTO comments (id, post_id, community_id, author_id, author_name, text, created_at) "
            + "VALUES (?, ?, ?, ?, ?, ?, ?) ON DUPLICATE KEY UPDATE id = id";

    @Override
    public String table() {
        return "comments";
    }

    @Override
    public Object key(CommentRow row) {
        return row.commentId();
    }

    @Override
    public void write(Connection c, List<CommentRow> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            for (CommentRow r : rows) {
                st.setString(1, r.commentId());
                st.setString(2, r.postId());
                st.setString(3, r.communityId());
                st.setString(4, r.authorId());
                st.setString(5, r.authorName());
                st.setString(6, r.text());
                st.setLong(7, r.createdAt());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
