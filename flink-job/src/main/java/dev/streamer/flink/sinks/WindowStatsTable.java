package dev.streamer.flink.sinks;

import dev.streamer.contract.WindowResult;
import dev.streamer.contract.WindowStatsRows;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** {@code window_stats}: one row per community and window, replaced only by a revision at least as new. */
public final class WindowStatsTable implements TableWriter<WindowResult> {

    private static final long serialVersionUID = 1L;

    static final String SQL = sql();

    private static String sql() {
        StringBuilder update = new StringBuilder();
        for (String col : WindowStatsRows.VALUES) {
            update.append(col).append(" = IF(VALUES(revision) >= revision, VALUES(").append(col).append("), ")
                    .append(col).append("),\n");
        }
        // assigned last: the guards above read the stored revision
        update.append("revision = GREATEST(revision, VALUES(revision))");
        return "INSERT INTO window_stats (" + String.join(", ", WindowStatsRows.COLUMNS) + ") VALUES (?"
                + ", ?".repeat(WindowStatsRows.COLUMNS.size() - 1) + ") ON DUPLICATE KEY UPDATE\n" + update;
    }

    @Override
    public String table() {
        return "window_stats";
    }

    @Override
    public Object key(WindowResult row) {
        return row.key();
    }

    @Override
    public WindowResult merge(WindowResult older, WindowResult newer) {
        return newer.revision() >= older.revision() ? newer : older;
    }

    @Override
    public void write(Connection c, List<WindowResult> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            for (WindowResult r : rows) {
                Object[] values = WindowStatsRows.values(r);
                for (int i = 0; i < values.length; i++) {
                    st.setObject(i + 1, values[i]);
                }
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
