package dev.streamer.edge.db;

import java.sql.SQLException;

/** Small JDBC helpers. */
public final class Sql {

    private Sql() {
    }

    /** True for a duplicate-key violation (MySQL/MariaDB error 1062, SQLState 23000). */
    public static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }

    /** Unchecked wrapper for a failed query; answered as 500 without details. */
    public static RuntimeException fail(SQLException e) {
        return new IllegalStateException("database error: " + e.getMessage(), e);
    }
}
