package dev.streamer.edge.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.streamer.contract.Limits;
import dev.streamer.contract.WindowResult;
import dev.streamer.contract.WindowStatsRows;
import dev.streamer.edge.auth.User;
import dev.streamer.edge.db.Sql;
import dev.streamer.edge.web.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/** Reads of what the Flink job wrote: feed pages, comments, window history. Parameterised SQL only. */
@Singleton
public class Reads {

    public record Scores(
            Double anger, Double disgust, Double fear, Double joy, Double sadness, Double surprise, Double neutral) {}

    public record FeedItem(
            String postId,
            String communityId,
            User author,
            String text,
            String mediaId,
            String mediaUrl,
            long createdAt,
            String emotion,
            Scores emotionScores,
            long likes,
            long comments,
            long shares,
            boolean likedByMe,
            long version) {}

    public record FeedPage(List<FeedItem> posts, String nextBefore) {}

    public record Comment(String commentId, String postId, User author, String text, long createdAt) {}

    public record EmotionCounts(
            long anger, long disgust, long fear, long joy, long sadness, long surprise, long neutral) {}

    /** A window's analytics; {@code signedIn} is the signed-in gauge at its end (contract {@code WindowResult}). */
    public record Window(
            String communityId,
            long windowStart,
            long windowEnd,
            long activeUsers,
            long signedIn,
            long posts,
            long likes,
            long comments,
            long shares,
            EmotionCounts emotions,
            long lateEvents,
            int revision) {

        static Window of(WindowResult r) {
            var e = r.emotions();
            return new Window(
                    r.communityId(),
                    r.windowStart(),
                    r.windowEnd(),
                    r.activeUsers(),
                    r.signedIn(),
                    r.posts(),
                    r.likes(),
                    r.comments(),
                    r.shares(),
                    new EmotionCounts(
                            e.anger(), e.disgust(), e.fear(), e.joy(), e.sadness(), e.surprise(), e.neutral()),
                    r.lateEvents(),
                    r.revision());
        }
    }

    /** Keyset cursor: the (createdAt, postId) of the last post of a page, opaque to clients. */
    public record Cursor(long createdAt, String postId) {

        static Cursor parse(String s) {
            if (s == null || s.isEmpty()) {
                return null;
            }
            try {
                String raw = new String(Base64.getUrlDecoder().decode(s), StandardCharsets.UTF_8);
                int sep = raw.indexOf(':');
                String id = raw.substring(sep + 1);
                if (sep < 1 || !Limits.UUID.matcher(id).matches()) {
                    throw new IllegalArgumentException();
                }
                return new Cursor(Long.parseLong(raw.substring(0, sep)), id);
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("before is not a cursor returned by this API");
            }
        }

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString((createdAt + ":" + postId).getBytes(StandardCharsets.UTF_8));
        }
    }

    private static final int POST_COMMUNITY_CACHE = 100_000;

    private final AgroalDataSource ds;
    /** A post never moves to another community, so its community id can be cached for good. */
    private final Cache<String, String> postCommunity =
            Caffeine.newBuilder().maximumSize(POST_COMMUNITY_CACHE).build();

    Reads(AgroalDataSource ds) {
        this.ds = ds;
    }

    public FeedPage feed(String communityId, String userId, Cursor before, int limit) {
        String sql =
                "SELECT p.id, p.community_id, p.author_id, COALESCE(p.author_name, u.username), p.text, p.media_id,"
                        + " p.created_at, p.emotion, p.score_anger, p.score_disgust, p.score_fear, p.score_joy, p.score_sadness,"
                        + " p.score_surprise, p.score_neutral, p.likes, p.comments, p.shares, p.version,"
                        + " (l.user_id IS NOT NULL) AS liked"
                        + " FROM posts p"
                        + " LEFT JOIN users u ON u.id = p.author_id"
                        + " LEFT JOIN post_likes l ON l.post_id = p.id AND l.user_id = ? AND l.liked"
                        + " WHERE p.community_id = ?"
                        + (before == null ? "" : " AND (p.created_at < ? OR (p.created_at = ? AND p.id < ?))")
                        + " ORDER BY p.created_at DESC, p.id DESC LIMIT ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            int i = 1;
            ps.setString(i++, userId);
            ps.setString(i++, communityId);
            if (before != null) {
                ps.setLong(i++, before.createdAt());
                ps.setLong(i++, before.createdAt());
                ps.setString(i++, before.postId());
            }
            ps.setInt(i, limit + 1);
            List<FeedItem> items = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String mediaId = rs.getString(6);
                    Scores scores = rs.getObject(9) == null
                            ? null
                            : new Scores(
                                    rs.getDouble(9),
                                    rs.getDouble(10),
                                    rs.getDouble(11),
                                    rs.getDouble(12),
                                    rs.getDouble(13),
                                    rs.getDouble(14),
                                    rs.getDouble(15));
                    items.add(new FeedItem(
                            rs.getString(1),
                            rs.getString(2),
                            new User(rs.getString(3), rs.getString(4)),
                            rs.getString(5),
                            mediaId,
                            mediaId == null ? null : "/api/media/" + mediaId,
                            rs.getLong(7),
                            rs.getString(8),
                            scores,
                            rs.getLong(16),
                            rs.getLong(17),
                            rs.getLong(18),
                            rs.getBoolean(20),
                            rs.getLong(19)));
                }
            }
            String next = null;
            if (items.size() > limit) {
                items = items.subList(0, limit);
                FeedItem last = items.get(limit - 1);
                next = new Cursor(last.createdAt(), last.postId()).encode();
            }
            return new FeedPage(List.copyOf(items), next);
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    /** The community of a post the Flink job has stored (a post that is not stored yet is not remembered). */
    public Optional<String> communityOfPost(String postId) {
        return Optional.ofNullable(postCommunity.get(postId, this::loadCommunityOfPost));
    }

    private String loadCommunityOfPost(String postId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT community_id FROM posts WHERE id = ?")) {
            ps.setString(1, postId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    public List<Comment> comments(String postId, int max) {
        String sql = "SELECT c.id, c.post_id, c.author_id, COALESCE(c.author_name, u.username), c.text, c.created_at"
                + " FROM comments c LEFT JOIN users u ON u.id = c.author_id"
                + " WHERE c.post_id = ? ORDER BY c.created_at, c.id LIMIT ?";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, postId);
            ps.setInt(2, max);
            List<Comment> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Comment(
                            rs.getString(1),
                            rs.getString(2),
                            new User(rs.getString(3), rs.getString(4)),
                            rs.getString(5),
                            rs.getLong(6)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    public List<Window> windows(String communityId, long from, long to) {
        String sql = WindowStatsRows.SELECT
                + " WHERE community_id = ? AND window_start >= ? AND window_start < ? ORDER BY window_start";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, communityId);
            ps.setLong(2, from);
            ps.setLong(3, to);
            List<Window> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(Window.of(WindowStatsRows.read(rs)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }
}
