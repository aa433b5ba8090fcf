package dev.streamer.flink.sinks;

import dev.streamer.contract.WindowResult;
import dev.streamer.contract.WindowStatsRows;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/** {@code window_stats}: one row per community and window, replaced only by a revision at least as new. */
public final class WindowStatsTable implements JdbcStatementBuilder<WindowResult> {

    private static final long serialVersionUID = 1L;

    public static final String NAME = "window_stats";

    static final String SQL = sql();

    private static String sql() {
        StringBuilder update = new StringBuilder();
        for (String col : WindowStatsRows.VALUES) {
            update.append(col)
                    .append(" = IF(VALUES(revision) >= revision, VALUES(")
                    .append(col)
                    .append("), ")
                    .append(col)
                    .append("),\n");
        }
        // assigned last: the guards above read the stored revision
        update.append("revision = GREATEST(revision, VALUES(revision))");
        return "INSERT INTO window_stats (" + String.join(", ", WindowStatsRows.COLUMNS) + ") VALUES (?"
                + ", ?".repeat(WindowStatsRows.COLUMNS.size() - 1) + ") ON DUPLICATE KEY UPDATE\n" + update;
    }

    public static JdbcSink<WindowResult> sink(JdbcSettings settings) {
        return settings.sink(NAME, SQL, new WindowStatsTable());
    }

    @Override
    public void accept(PreparedStatement st, WindowResult r) throws SQLException {
        Object[] values = WindowStatsRows.values(r);
        for (int i = 0; i < values.length; i++) {
            st.setObject(i + 1, values[i]);
        }
    }
}
