package dev.streamer.chaos;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.WindowResult;
import dev.streamer.contract.WindowStatsRows;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What the Flink job wrote to MySQL, read back for the comparison with the generator's ground truth; with
 * {@code signedInBefore}, per community, the signed-in gauge of its last row before the run's windows: sessions of
 * earlier traffic, which the truth does not know.
 */
record StoredState(Map<String, Window> windows, Map<String, Post> posts, Map<String, Long> signedInBefore) {

    StoredState(Map<String, Window> windows, Map<String, Post> posts) {
        this(windows, posts, Map.of());
    }

    /** One {@code window_stats} row; {@code emotions} in the contract's order (anger … neutral). */
    record Window(
            String communityId,
            long windowStart,
            long windowEnd,
            long activeUsers,
            long signedIn,
            long posts,
            long likes,
            long comments,
            long shares,
            List<Long> emotions,
            long lateEvents,
            int revision) {

        Window(
                String communityId,
                long windowStart,
                long windowEnd,
                long activeUsers,
                long posts,
                long likes,
                long comments,
                long shares,
                List<Long> emotions,
                long lateEvents,
                int revision) {
            this(
                    communityId,
                    windowStart,
                    windowEnd,
                    activeUsers,
                    0,
                    posts,
                    likes,
                    comments,
                    shares,
                    emotions,
                    lateEvents,
                    revision);
        }

        static Window of(WindowResult r) {
            List<Long> emotions = new ArrayList<>();
            for (Emotion e : Emotion.ALL) {
                emotions.add(r.emotions().get(e));
            }
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
                    List.copyOf(emotions),
                    r.lateEvents(),
                    r.revision());
        }

        String key() {
            return communityId + "@" + windowStart;
        }

        long labelledPosts() {
            return emotions.stream().mapToLong(Long::longValue).sum();
        }
    }

    /** One {@code posts} row with its {@code post_likes} users and {@code comments} ids. */
    record Post(
            String postId,
            long likes,
            long comments,
            long shares,
            TreeSet<String> likedBy,
            TreeSet<String> commentIds) {}

    private static final int CHUNK = 500;

    /** The windows starting in [{@code firstStart}, {@code lastStart}] and the given posts. */
    static StoredState read(Endpoints e, long firstStart, long lastStart, Collection<String> postIds)
            throws SQLException {
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.jdbcUser(), e.jdbcPassword())) {
            return new StoredState(
                    windows(c, firstStart, lastStart), posts(c, List.copyOf(postIds)), signedInBefore(c, firstStart));
        }
    }

    /** The latest window per community (including {@code all}), by window start. */
    static Map<String, Window> lastWindows(Endpoints e) throws SQLException {
        Map<String, Window> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(e.jdbcUrl(), e.jdbcUser(), e.jdbcPassword());
                PreparedStatement ps = c.prepareStatement(SELECT_WINDOWS + " WHERE (community_id, window_start) IN "
                        + "(SELECT community_id, MAX(window_start) FROM window_stats GROUP BY community_id)");
                ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                Window w = window(rs);
                out.put(w.communityId(), w);
            }
        }
        return out;
    }

    private static final String SELECT_WINDOWS = WindowStatsRows.SELECT;

    private static Map<String, Window> windows(Connection c, long firstStart, long lastStart) throws SQLException {
        Map<String, Window> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement(SELECT_WINDOWS + " WHERE window_start BETWEEN ? AND ?")) {
            ps.setLong(1, firstStart);
            ps.setLong(2, lastStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    Window w = window(rs);
                    out.put(w.key(), w);
                }
            }
        }
        return out;
    }

    /** Per community, the gauge of its last row starting before {@code firstStart}. */
    private static Map<String, Long> signedInBefore(Connection c, long firstStart) throws SQLException {
        Map<String, Long> out = new TreeMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT w.community_id, w.signed_in FROM window_stats w JOIN"
                + " (SELECT community_id, MAX(window_start) AS s FROM window_stats WHERE window_start < ?"
                + " GROUP BY community_id) l ON w.community_id = l.community_id AND w.window_start = l.s")) {
            ps.setLong(1, firstStart);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }

    private static Window window(ResultSet rs) throws SQLException {
        return Window.of(WindowStatsRows.read(rs));
    }

    private static Map<String, Post> posts(Connection c, List<String> ids) throws SQLException {
        Map<String, long[]> counters = new HashMap<>();
        Map<String, TreeSet<String>> likers = new HashMap<>();
        Map<String, TreeSet<String>> comments = new HashMap<>();
        for (int from = 0; from < ids.size(); from += CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + CHUNK));
            String in = String.join(",", java.util.Collections.nCopies(chunk.size(), "?"));
            query(
                    c,
                    "SELECT id, likes, comments, shares FROM posts WHERE id IN (" + in + ")",
                    chunk,
                    rs -> counters.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4)}));
            query(
                    c,
                    "SELECT post_id, user_id FROM post_likes WHERE liked AND post_id IN (" + in + ")",
                    chunk,
                    rs -> likers.computeIfAbsent(rs.getString(1), p -> new TreeSet<>())
                            .add(rs.getString(2)));
            query(
                    c,
                    "SELECT post_id, id FROM comments WHERE post_id IN (" + in + ")",
                    chunk,
                    rs -> comments.computeIfAbsent(rs.getString(1), p -> new TreeSet<>())
                            .add(rs.getString(2)));
        }
        Map<String, Post> out = new TreeMap<>();
        counters.forEach((id, n) -> out.put(
                id,
                new Post(
                        id,
                        n[0],
                        n[1],
                        n[2],
                        likers.getOrDefault(id, new TreeSet<>()),
                        comments.getOrDefault(id, new TreeSet<>()))));
        return out;
    }

    private interface RowHandler {
        void row(ResultSet rs) throws SQLException;
    }

    private static void query(Connection c, String sql, List<String> params, RowHandler handler) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.size(); i++) {
                ps.setString(i + 1, params.get(i));
            }
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    handler.row(rs);
                }
            }
        }
    }

    static List<String> ids(Collection<dev.streamer.generator.Report.PostCounts> posts) {
        List<String> out = new ArrayList<>();
        posts.forEach(p -> out.add(p.postId()));
        return out;
    }
}
