package dev.streamer.edge;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;
import javax.sql.DataSource;

/** Rows the Flink job would write (posts, comments, likes, window stats), inserted with plain JDBC. */
public final class Rows {

    private final DataSource ds;

    public Rows(DataSource ds) {
        this.ds = ds;
    }

    public String post(
            String community,
            String authorId,
            String authorName,
            String text,
            String mediaId,
            long createdAt,
            String emotion,
            double[] scores,
            long likes,
            long comments,
            long shares) {
        String id = UUID.randomUUID().toString();
        exec(
                "INSERT INTO posts (id, community_id, author_id, author_name, text, media_id, created_at, emotion,"
                        + " score_anger, score_disgust, score_fear, score_joy, score_sadness, score_surprise, score_neutral,"
                        + " likes, comments, shares, version) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                id,
                community,
                authorId,
                authorName,
                text,
                mediaId,
                createdAt,
                emotion,
                s(scores, 0),
                s(scores, 1),
                s(scores, 2),
                s(scores, 3),
                s(scores, 4),
                s(scores, 5),
                s(scores, 6),
                likes,
                comments,
                shares,
                1L + likes + comments + shares);
        return id;
    }

    public String post(String community, String authorId, String authorName, String text, long createdAt) {
        return post(community, authorId, authorName, text, null, createdAt, null, null, 0, 0, 0);
    }

    public String comment(
            String postId, String community, String authorId, String authorName, String text, long createdAt) {
        String id = UUID.randomUUID().toString();
        exec(
                "INSERT INTO comments (id, post_id, community_id, author_id, author_name, text, created_at) VALUES (?,?,?,?,?,?,?)",
                id,
                postId,
                community,
                authorId,
                authorName,
                text,
                createdAt);
        return id;
    }

    public void like(String postId, String userId, long at) {
        exec("INSERT INTO post_likes (post_id, user_id, liked_at) VALUES (?,?,?)", postId, userId, at);
    }

    public void window(String community, long start, long activeUsers, long posts, long likes, long joy, int revision) {
        exec(
                "INSERT INTO window_stats (community_id, window_start, window_end, active_users, posts, likes, comments, shares,"
                        + " emotion_joy, late_events, revision) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                community,
                start,
                start + 30_000,
                activeUsers,
                posts,
                likes,
                1L,
                2L,
                joy,
                0L,
                revision);
    }

    public long count(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    public String string(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private void exec(String sql, Object... args) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            bind(ps, args);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bind(PreparedStatement ps, Object... args) throws SQLException {
        for (int i = 0; i < args.length; i++) {
            ps.setObject(i + 1, args[i]);
        }
    }

    private static Double s(double[] scores, int i) {
        return scores == null ? null : scores[i];
    }
}
