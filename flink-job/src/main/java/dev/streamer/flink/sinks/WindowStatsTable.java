package dev.streamer.flink.sinks;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.WindowResult;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/** {@code window_stats}: one row per community and window, replaced only by a revision at least as new. */
public final class WindowStatsTable implements JdbcStatementBuilder<WindowResult> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "window_stats";

    private static final String[] COUNTED = {"window_end", "active_users", "posts", "likes", "comments", "shares",
        "emotion_anger", "emotion_disgust", "emotion_fear", "emotion_joy", "emotion_sadness", "emotion_surprise",
        "emotion_neutral", "late_events"};

    static final String SQL = sql();

    private static String sql() {
        StringBuilder update = new StringBuilder();
        for (String col : COUNTED) {
            update.append(col).append(" = IF(VALUES(revision) >= revision, VALUES(").append(col).append("), ")
                    .append(col).append("),\n");
        }
        // assigned last: the guards above read the stored revision
        update.append("revision = GREATEST(revision, VALUES(revision))");
        return "INSERT INTO window_stats (community_id, window_start, " + String.join(", ", COUNTED)
                + ", revision) VALUES (?, ?" + ", ?".repeat(COUNTED.length) + ", ?) ON DUPLICATE KEY UPDATE\n" + update;
    }

    public static JdbcSink<WindowResult> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new WindowStatsTable());
    }

    @Override
    public void accept(PreparedStatement st, WindowResult r) throws SQLException {
        int i = 1;
        st.setString(i++, r.communityId());
        st.setLong(i++, r.windowStart());
        st.setLong(i++, r.windowEnd());
        st.setLong(i++, r.activeUsers());
        st.setLong(i++, r.posts());
        st.setLong(i++, r.likes());
        st.setLong(i++, r.comments());
        st.setLong(i++, r.shares());
        for (Emotion e : Emotion.ALL) {
            st.setLong(i++, r.emotions().get(e));
        }
        st.setLong(i++, r.lateEvents());
        st.setInt(i, r.revision());
    }
}
