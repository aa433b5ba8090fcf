package dev.streamer.flink.sinks;

import org.apache.flink.api.common.operators.ProcessingTimeService;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.MetricGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Buffers rows by key and writes them in batches with retries. A connection idle longer than
 * {@link JdbcSettings#validateAfterMillis()} is validated first and replaced if the server closed it. A row the
 * database refuses as data (constraint or data error, SQLState 22/23: for example a post of a user that does not
 * exist) is logged, counted in {@code jdbcRejectedRows} and skipped: bad data never fails the job. Anything else
 * (connection lost, server down) is retried {@link JdbcSettings#maxRetries()} times on a new connection, then fails
 * the task so that the job restarts from its last checkpoint.
 */
final class JdbcUpsertWriter<T> implements SinkWriter<T> {

    private static final Logger LOG = LoggerFactory.getLogger(JdbcUpsertWriter.class);

    private final JdbcSettings settings;
    private final TableWriter<T> table;
    private final ProcessingTimeService time;
    private final Map<Object, T> buffer = new LinkedHashMap<>();
    private final Counter rowsWritten;
    private final Counter rowsRejected;
    private final Counter retries;

    private Connection connection;
    private long lastUsed;
    private boolean timerPending;

    JdbcUpsertWriter(JdbcSettings settings, TableWriter<T> table, ProcessingTimeService time, MetricGroup metrics) {
        this.settings = settings;
        this.table = table;
        this.time = time;
        MetricGroup group = metrics.addGroup("table", table.table());
        this.rowsWritten = group.counter("jdbcRowsWritten");
        this.rowsRejected = group.counter("jdbcRejectedRows");
        this.retries = group.counter("jdbcRetries");
    }

    @Override
    public void write(T row, Context context) throws IOException, InterruptedException {
        buffer.merge(table.key(row), row, table::merge);
        if (buffer.size() >= settings.batchSize()) {
            flushBuffer();
        } else if (!timerPending) {
            timerPending = true;
            time.registerTimer(time.getCurrentProcessingTime() + settings.flushIntervalMillis(), t -> {
                timerPending = false;
                flushBuffer();
            });
        }
    }

    @Override
    public void flush(boolean endOfInput) throws IOException, InterruptedException {
        flushBuffer();
    }

    private void flushBuffer() throws IOException, InterruptedException {
        if (buffer.isEmpty()) {
            return;
        }
        List<T> rows = new ArrayList<>(buffer.values());
        // the same lock order in every writer: fewer InnoDB deadlocks between parallel writers of one table
        rows.sort(Comparator.comparing(row -> table.key(row).toString()));
        SQLException last = null;
        for (int attempt = 0; attempt <= settings.maxRetries(); attempt++) {
            if (attempt > 0) {
                retries.inc();
                Thread.sleep(Math.min(5_000L, 200L << Math.min(attempt - 1, 5)));
            }
            try {
                Connection c = connection();
                try {
                    table.write(c, rows);
                    c.commit();
                    rowsWritten.inc(rows.size());
                } catch (SQLException e) {
                    rollback(c);
                    if (!isDataError(e)) {
                        throw e;
                    }
                    writeOneByOne(c, rows);
                }
                lastUsed = System.currentTimeMillis();
                buffer.clear();
                return;
            } catch (SQLException e) {
                last = e;
                LOG.warn("writing {} rows to {} failed (attempt {} of {}): {}", rows.size(), table.table(), attempt + 1,
                        settings.maxRetries() + 1, e.toString());
                closeConnection();
            }
        }
        throw new IOException("could not write " + rows.size() + " rows to " + table.table() + " after "
                + (settings.maxRetries() + 1) + " attempts", last);
    }

    /** After a data error in a batch: each row in its own transaction, refused rows skipped. */
    private void writeOneByOne(Connection c, List<T> rows) throws SQLException {
        for (T row : rows) {
            try {
                table.write(c, List.of(row));
                c.commit();
                rowsWritten.inc();
            } catch (SQLException e) {
                rollback(c);
                if (!isDataError(e)) {
                    throw e;
                }
                rowsRejected.inc();
                LOG.warn("{} refused a row, skipped: {} ({})", table.table(), row, e.getMessage());
            }
        }
    }

    static boolean isDataError(SQLException e) {
        for (SQLException x = e; x != null; x = x.getNextException()) {
            String state = x.getSQLState();
            if (state != null && (state.startsWith("23") || state.startsWith("22"))) {
                return true;
            }
            if (x.getCause() instanceof SQLException cause && cause != x.getNextException()) {
                String s = cause.getSQLState();
                if (s != null && (s.startsWith("23") || s.startsWith("22"))) {
                    return true;
                }
            }
        }
        return false;
    }

    private Connection connection() throws SQLException {
        if (connection != null && System.currentTimeMillis() - lastUsed > settings.validateAfterMillis()
                && !connection.isValid(5)) {
            LOG.info("connection to {} was closed while idle; reconnecting", table.table());
            closeConnection();
        }
        if (connection == null) {
            Properties props = new Properties();
            props.setProperty("user", settings.user());
            props.setProperty("password", settings.password() == null ? "" : settings.password());
            // the driver directly: DriverManager does not see drivers in a Flink user-code class loader
            Driver driver = new com.mysql.cj.jdbc.Driver();
            connection = driver.connect(settings.url(), props);
            if (connection == null) {
                throw new SQLException("not a MySQL JDBC URL: " + settings.url());
            }
            connection.setAutoCommit(false);
            lastUsed = System.currentTimeMillis();
        }
        return connection;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // the connection is replaced if it is broken
        }
    }

    private void closeConnection() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // already broken
            }
            connection = null;
        }
    }

    @Override
    public void close() throws Exception {
        closeConnection();
    }
}
