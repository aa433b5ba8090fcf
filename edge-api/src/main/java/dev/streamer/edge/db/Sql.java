package dev.streamer.edge.db;

import dev.streamer.edge.web.ApiException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientException;
import java.util.Locale;
import java.util.Set;
import org.jboss.logging.Logger;

/** Small JDBC helpers. */
public final class Sql {

    private static final Logger LOG = Logger.getLogger(Sql.class);

    /**
     * MySQL/MariaDB errors that mean "the database cannot serve this now", not "this request is wrong": too many
     * connections, shutdown in progress, lock wait timeout, deadlock, connection killed, and the client's cannot
     * connect / server gone away / lost connection.
     */
    private static final Set<Integer> UNAVAILABLE_CODES = Set.of(1040, 1053, 1205, 1213, 1927, 2002, 2003, 2006, 2013);

    private Sql() {}

    /** True for a duplicate-key violation (MySQL/MariaDB error 1062, SQLState 23000). */
    public static boolean isDuplicateKey(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getErrorCode() == 1062) {
                return true;
            }
        }
        return false;
    }

    /**
     * True when the failure is the database's unavailability rather than the query: no connection could be had
     * (refused, timed out, the pool's acquisition timeout), the connection broke, or the server asked to retry.
     */
    public static boolean isUnavailable(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientException
                    || t instanceof SQLRecoverableException
                    || t instanceof SQLNonTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException s) {
                String state = s.getSQLState();
                if (state != null && (state.startsWith("08") || state.startsWith("40") || state.equals("HYT00"))) {
                    return true;
                }
                if (UNAVAILABLE_CODES.contains(s.getErrorCode())) {
                    return true;
                }
                // Agroal's own failures carry no SQLState: "Sorry, acquisition timeout!", "Acquisition timeout while
                // waiting for new connection", "... the pool is shutting down"
                String message = s.getMessage() == null ? "" : s.getMessage().toLowerCase(Locale.ROOT);
                if (state == null
                        && (message.contains("acquisition timeout")
                                || message.contains("pool is shutting down")
                                || message.contains("pool is closed"))) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Unchecked wrapper for a failed query: a 503 with Retry-After when the database is unavailable (the client may
     * retry, with the same Idempotency-Key), else an error answered as 500 without details.
     */
    public static RuntimeException fail(SQLException e) {
        if (isUnavailable(e)) {
            return unavailable(e);
        }
        return new IllegalStateException("database error: " + e.getMessage(), e);
    }

    /** The 503 of a database outage. */
    public static ApiException unavailable(Throwable cause) {
        LOG.debugf("database unavailable: %s", cause.toString());
        return ApiException.unavailable("the database is unavailable; try again");
    }
}
