package dev.streamer.infra.testing;

import dev.streamer.contract.Migrations;
import dev.streamer.infra.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Locale;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * A fresh database for one test run, migrations applied, dropped on {@link #close()}. The server is, in order:
 * {@code STREAMER_TEST_DB_HOST}/{@code _PORT}/{@code _USER}/{@code _PASSWORD} when set; else the MariaDB on
 * 127.0.0.1:3306 (root, empty password) when it answers; else the private instance of {@code bin/streamer db start}
 * on 127.0.0.1:3307. Nothing outside the new database is touched.
 */
public final class TestDatabase implements AutoCloseable {

    private final String host;
    private final int port;
    private final String user;
    private final String password;
    private final String name;

    private TestDatabase(String host, int port, String user, String password, String name) {
        this.host = host;
        this.port = port;
        this.user = user;
        this.password = password;
        this.name = name;
    }

    public static TestDatabase create() {
        String host = env("STREAMER_TEST_DB_HOST", "127.0.0.1");
        String user = env("STREAMER_TEST_DB_USER", "root");
        String password = env("STREAMER_TEST_DB_PASSWORD", "");
        String explicitPort = System.getenv("STREAMER_TEST_DB_PORT");
        int[] ports = explicitPort != null ? new int[] {Integer.parseInt(explicitPort)} : new int[] {3306, 3307};
        SQLException last = null;
        for (int port : ports) {
            String dbName = "streamer_test_"
                    + UUID.randomUUID()
                            .toString()
                            .replace("-", "")
                            .substring(0, 12)
                            .toLowerCase(Locale.ROOT);
            try (Connection server = DriverManager.getConnection(serverUrl(host, port), user, password)) {
                Database.createDatabase(server, dbName);
            } catch (SQLException e) {
                last = e;
                continue;
            }
            TestDatabase db = new TestDatabase(host, port, user, password, dbName);
            Migrations.apply(db.jdbcUrl(), user, password);
            return db;
        }
        throw new IllegalStateException(
                "no MySQL/MariaDB server for tests on " + host + " ports " + java.util.Arrays.toString(ports)
                        + " (start one with bin/streamer db start)",
                last);
    }

    private static String serverUrl(String host, int port) {
        return "jdbc:mysql://" + host + ":" + port + "/?" + Database.URL_OPTIONS;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    public String jdbcUrl() {
        return Database.url(host, port, name);
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public String name() {
        return name;
    }

    public String user() {
        return user;
    }

    public String password() {
        return password;
    }

    public DataSource dataSource() {
        return Database.dataSource(jdbcUrl(), user, password);
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    @Override
    public void close() {
        try (Connection server = DriverManager.getConnection(serverUrl(host, port), user, password)) {
            Database.dropDatabase(server, name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not drop test database " + name, e);
        }
    }
}
