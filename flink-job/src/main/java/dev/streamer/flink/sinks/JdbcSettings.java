package dev.streamer.flink.sinks;

import java.io.Serializable;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.JdbcExecutionOptions;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.apache.flink.connector.jdbc.core.datastream.sink.JdbcSink;

/**
 * Connection and batching settings of the MySQL tables, and the {@link JdbcSink} of one table with them.
 *
 * @param batchSize                     rows buffered before a write (also written on every checkpoint and every
 *                                      flush interval)
 * @param flushIntervalMillis           longest time a row waits in the buffer
 * @param maxRetries                    retries of a failed write before the task fails; a retry first checks the
 *                                      connection and opens a new one if it is gone (so at least 1: MySQL closes
 *                                      idle connections)
 * @param connectionCheckTimeoutSeconds how long that check may wait for MySQL's answer
 */
public record JdbcSettings(
        String url,
        String user,
        String password,
        int batchSize,
        long flushIntervalMillis,
        int maxRetries,
        int connectionCheckTimeoutSeconds)
        implements Serializable {

    static final String DRIVER = "com.mysql.cj.jdbc.Driver";

    /**
     * At-least-once sink of {@code sql} into {@code table}: rows are batched and written when the batch is full, after
     * the flush interval and before every checkpoint barrier, so a completed checkpoint implies its rows are in MySQL.
     */
    public <T> JdbcSink<T> sink(String table, String sql, JdbcStatementBuilder<T> binding) {
        JdbcConnectionOptions.JdbcConnectionOptionsBuilder connection =
                new JdbcConnectionOptions.JdbcConnectionOptionsBuilder()
                        .withUrl(url)
                        // by class name: the connector then loads it through the job's class loader, which
                        // DriverManager does not search
                        .withDriverName(DRIVER)
                        .withUsername(user)
                        .withPassword(password == null ? "" : password)
                        .withConnectionCheckTimeoutSeconds(connectionCheckTimeoutSeconds);
        return JdbcSink.<T>builder()
                .withExecutionOptions(JdbcExecutionOptions.builder()
                        .withBatchSize(batchSize)
                        .withBatchIntervalMs(flushIntervalMillis)
                        .withMaxRetries(maxRetries)
                        .build())
                .withQueryStatement(sql, binding)
                .buildAtLeastOnce(new TableConnection(table, connection.build()));
    }
}
