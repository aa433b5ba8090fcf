package dev.streamer.infra;

import com.mysql.cj.jdbc.MysqlDataSource;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Plain-JDBC helpers for a MySQL/MariaDB server: data sources, database creation, table listing. */
public final class Database {

    private Database() {}

    /** Connection properties every Streamer JDBC URL carries (MariaDB speaks the MySQL protocol to Connector/J). */
    public static final String URL_OPTIONS =
            "sslMode=DISABLED&allowPublicKeyRetrieval=true&rewriteBatchedStatements=true"
                    + "&connectTimeout=5000&socketTimeout=60000";

    public static String url(String host, int port, String database) {
        return "jdbc:mysql://" + host + ":" + port + "/" + database + "?" + URL_OPTIONS;
    }

    public static MysqlDataSource dataSource(String jdbcUrl, String user, String password) {
        MysqlDataSource ds = new MysqlDataSource();
        ds.setURL(jdbcUrl);
        ds.setUser(user);
        ds.setPassword(password == null ? "" : password);
        return ds;
    }

    /** Creates a database (utf8mb4) if it does not exist; the name must be a plain identifier. */
    public static void createDatabase(Connection server, String name) throws SQLException {
        requireIdentifier(name);
        try (var st = server.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS `" + name + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        }
    }

    public static void dropDatabase(Connection server, String name) throws SQLException {
        requireIdentifier(name);
        try (var st = server.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS `" + name + "`");
        }
    }

    /** Tables of the connection's current database, sorted. */
    public static List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        DatabaseMetaData meta = connection.getMetaData();
        try (ResultSet rs = meta.getTables(connection.getCatalog(), null, "%", new String[] {"TABLE"})) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        names.sort(String::compareTo);
        return names;
    }

    static void requireIdentifier(String name) {
        if (name == null || !name.matches("[A-Za-z0-9_]{1,64}")) {
            throw new IllegalArgumentException("not a plain database name: " + name);
        }
    }
}
