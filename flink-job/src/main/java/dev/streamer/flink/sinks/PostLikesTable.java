package dev.streamer.flink.sinks;

import dev.streamer.flink.records.LikeChange;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code post_likes}: a row while the user likes the post. The last switch per user and post in a batch wins. */
public final class PostLikesTable implements TableWriter<LikeChange> {

    private static final long serialVersionUID = 1L;

    static final String LIKE = "INSERT INTO post_likes (post_id, user_id, liked_at) VALUES (?, ?, ?) "
            + "ON DUPLICATE KEY UPDATE liked_at = VALUES(liked_at)";
    static final String UNLIKE = "DELETE FROM post_likes WHERE post_id = ? AND user_id = ?";

    @Override
    public String table() {
        return "post_likes";
    }

    @Override
    public Object key(LikeChange row) {
        return row.postId() + "/" + row.userId();
    }

    @Override
    public void write(Connection c, List<LikeChange> rows) throws SQLException {
        try (PreparedStatement like = c.prepareStatement(LIKE); PreparedStatement unlike = c.prepareStatement(UNLIKE)) {
            boolean likes = false;
            boolean unlikes = false;
            for (LikeChange r : rows) {
                if (r.liked()) {
                    like.setString(1, r.postId());
                    like.setString(2, r.userId());
                    like.setLong(3, r.at());
                    like.addBatch();
                    likes = true;
                } else {
                    unlike.setString(1, r.postId());
                    unlike.setString(2, r.userId());
                    unlike.addBatch();
                    unlikes = true;
                }
            }
            if (unlikes) {
                unlike.executeBatch();
            }
            if (likes) {
                like.executeBatch();
            }
        }
    }
}
