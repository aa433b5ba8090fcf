package dev.streamer.flink.sinks;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Properties;
import org.apache.flink.connector.jdbc.JdbcConnectionOptions;
import org.apache.flink.connector.jdbc.datasource.connections.JdbcConnectionProvider;
import org.apache.flink.connector.jdbc.datasource.connections.SimpleJdbcConnectionProvider;

/**
 * The connector's single connection of one table's sink writer, with the table named in the error when MySQL cannot
 * be reached: the connector's own messages ("unable to open JDBC writer") do not say which of the job's four tables
 * failed its task.
 */
final class TableConnection implements JdbcConnectionProvider {

    private static final long serialVersionUID = 1L;

    private final String table;
    private final SimpleJdbcConnectionProvider connection;

    TableConnection(String table, JdbcConnectionOptions options) {
        this.table = table;
        this.connection = new SimpleJdbcConnectionProvider(options);
    }

    @Override
    public Connection getConnection() {
        return connection.getConnection();
    }

    @Override
    public Properties getProperties() {
        return connection.getProperties();
    }

    @Override
    public boolean isConnectionValid() throws SQLException {
        return connection.isConnectionValid();
    }

    @Override
    public Connection getOrEstablishConnection() throws SQLException, ClassNotFoundException {
        try {
            return connection.getOrEstablishConnection();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public Connection reestablishConnection() throws SQLException, ClassNotFoundException {
        try {
            return connection.reestablishConnection();
        } catch (SQLException e) {
            throw unreachable(e);
        }
    }

    @Override
    public void closeConnection() {
        connection.closeConnection();
    }

    private SQLException unreachable(SQLException e) {
        return new SQLException(
                "could not write " + table + ": no connection to MySQL: " + e.getMessage(),
                e.getSQLState(),
                e.getErrorCode(),
                e);
    }
}
