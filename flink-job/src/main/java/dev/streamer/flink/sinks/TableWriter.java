package dev.streamer.flink.sinks;

import java.io.Serializable;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/** How one kind of row is upserted into one table. Writes must be idempotent: a replay writes the same rows again. */
public interface TableWriter<T> extends Serializable {

    String table();

    /** Rows with the same key in one batch are merged with {@link #merge} before writing. */
    Object key(T row);

    /** The row to keep of two with the same key, the older one buffered first. */
    default T merge(T older, T newer) {
        return newer;
    }

    /** Writes the rows (distinct keys) in the connection's open transaction; the caller commits. */
    void write(Connection connection, List<T> rows) throws SQLException;
}
