package dev.streamer.contract;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Stream;

/**
 * The {@code window_stats} table as {@link WindowResult}s: its columns in one order, for every reader and the job's
 * writer, and the one row mapper.
 */
public final class WindowStatsRows {

    /** The emotion columns, in {@link Emotion#ALL} order. */
    public static final List<String> EMOTION_COLUMNS =
            Emotion.ALL.stream().map(e -> "emotion_" + e.label()).toList();

    /** The key columns. */
    public static final List<String> KEY = List.of("community_id", "window_start");

    /** Every column after the key except {@code revision}: what a newer revision replaces. */
    public static final List<String> VALUES = Stream.of(
                    Stream.of("window_end", "active_users", "signed_in", "posts", "likes", "comments", "shares"),
                    EMOTION_COLUMNS.stream(),
                    Stream.of("late_events"))
            .flatMap(s -> s)
            .toList();

    /** Every column, key first and {@code revision} last. */
    public static final List<String> COLUMNS = Stream.of(KEY.stream(), VALUES.stream(), Stream.of("revision"))
            .flatMap(s -> s)
            .toList();

    /** {@code SELECT <every column> FROM window_stats}, to which a caller appends its WHERE and ORDER BY. */
    public static final String SELECT = "SELECT " + String.join(", ", COLUMNS) + " FROM window_stats";

    private WindowStatsRows() {}

    /** The current row of {@code rs}, which selected {@link #COLUMNS} (by name; other columns are ignored). */
    public static WindowResult read(ResultSet rs) throws SQLException {
        long[] emotions = new long[EMOTION_COLUMNS.size()];
        for (int i = 0; i < emotions.length; i++) {
            emotions[i] = rs.getLong(EMOTION_COLUMNS.get(i));
        }
        long lateEvents = rs.getLong("late_events");
        return new WindowResult(
                rs.getString("community_id"),
                rs.getLong("window_start"),
                rs.getLong("window_end"),
                rs.getLong("active_users"),
                rs.getLong("signed_in"),
                rs.getLong("posts"),
                rs.getLong("likes"),
                rs.getLong("comments"),
                rs.getLong("shares"),
                new EmotionCounts(
                        emotions[0], emotions[1], emotions[2], emotions[3], emotions[4], emotions[5], emotions[6]),
                lateEvents,
                rs.getInt("revision"),
                lateEvents > 0);
    }

    /** The values of {@link #COLUMNS} for {@code r}, in that order (for a writer's parameters). */
    public static Object[] values(WindowResult r) {
        EmotionCounts e = r.emotions();
        return new Object[] {
            r.communityId(),
            r.windowStart(),
            r.windowEnd(),
            r.activeUsers(),
            r.signedIn(),
            r.posts(),
            r.likes(),
            r.comments(),
            r.shares(),
            e.anger(),
            e.disgust(),
            e.fear(),
            e.joy(),
            e.sadness(),
            e.surprise(),
            e.neutral(),
            r.lateEvents(),
            r.revision()
        };
    }
}
