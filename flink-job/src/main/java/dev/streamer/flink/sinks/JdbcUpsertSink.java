package dev.streamer.flink.sinks;

import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.sink2.SinkWriter;
import org.apache.flink.api.connector.sink2.WriterInitContext;

/**
 * At-least-once MySQL sink of idempotent upserts (Sink V2). Rows are buffered, merged by key and written in one
 * transaction per batch: when the batch is full, after the flush interval, and before every checkpoint barrier, so
 * that a checkpoint implies its rows are in MySQL. A restore replays the rows after the checkpoint, and because
 * every write is an upsert of a full state (guarded by version or revision where it matters) the tables end the
 * same as without the failure.
 */
public final class JdbcUpsertSink<T> implements Sink<T> {

    private static final long serialVersionUID = 1L;

    private final JdbcSettings settings;
    private final TableWriter<T> table;

    public JdbcUpsertSink(JdbcSettings settings, TableWriter<T> table) {
        this.settings = settings;
        this.table = table;
    }

    @Override
    public SinkWriter<T> createWriter(WriterInitContext context) {
        return new JdbcUpsertWriter<>(settings, table, context.getProcessingTimeService(), context.metricGroup());
    }
}
