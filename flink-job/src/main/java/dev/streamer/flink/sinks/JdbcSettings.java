package dev.streamer.flink.sinks;

import java.io.Serializable;

/**
 * Connection and batching settings of the MySQL sinks.
 *
 * @param batchSize           rows buffered before a write (also written on every checkpoint and every flush interval)
 * @param flushIntervalMillis longest time a row waits in the buffer
 * @param maxRetries          retries of a failed write (after reconnecting) before the task fails
 * @param validateAfterMillis a connection idle this long is validated before use (MySQL closes idle connections)
 */
public record JdbcSettings(String url, String user, String password, int batchSize, long flushIntervalMillis,
                           int maxRetries, long validateAfterMillis) implements Serializable {
}
