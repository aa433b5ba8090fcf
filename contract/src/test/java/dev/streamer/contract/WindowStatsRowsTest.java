package dev.streamer.contract;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Collections;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The row mapper against the real migrated schema (MariaDB on 127.0.0.1:3306, a database of its own). */
class WindowStatsRowsTest {

    static final String SERVER = "jdbc:mysql://127.0.0.1:3306/?sslMode=DISABLED&allowPublicKeyRetrieval=true";

    String db;

    @BeforeEach
    void createDatabase() throws Exception {
        db = "contract_rows_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
                Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE " + db);
        }
        Migrations.apply(url(), "root", "");
    }

    @AfterEach
    void dropDatabase() throws Exception {
        try (Connection c = DriverManager.getConnection(SERVER, "root", "");
                Statement st = c.createStatement()) {
            st.execute("DROP DATABASE IF EXISTS " + db);
        }
    }

    String url() {
        return "jdbc:mysql://127.0.0.1:3306/" + db + "?sslMode=DISABLED&allowPublicKeyRetrieval=true";
    }

    @Test
    void aRowWrittenWithTheColumnListReadsBackAsTheSameResult() throws Exception {
        WindowResult written = new WindowResult(
                "facebook",
                1_764_000_000_000L,
                1_764_000_030_000L,
                7,
                5,
                3,
                11,
                2,
                1,
                new EmotionCounts(1, 0, 0, 1, 0, 0, 1),
                2,
                19,
                true);
        try (Connection c = DriverManager.getConnection(url(), "root", "")) {
            String marks = String.join(", ", Collections.nCopies(WindowStatsRows.COLUMNS.size(), "?"));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO window_stats ("
                    + String.join(", ", WindowStatsRows.COLUMNS) + ") VALUES (" + marks + ")")) {
                Object[] values = WindowStatsRows.values(written);
                for (int i = 0; i < values.length; i++) {
                    ps.setObject(i + 1, values[i]);
                }
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement(WindowStatsRows.SELECT + " WHERE community_id = ?")) {
                ps.setString(1, "facebook");
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(WindowStatsRows.read(rs)).isEqualTo(written);
                }
            }
        }
    }

    @Test
    void theColumnListCoversTheTable() throws Exception {
        try (Connection c = DriverManager.getConnection(url(), "root", "");
                ResultSet rs = c.getMetaData().getColumns(db, null, "window_stats", null)) {
            java.util.List<String> columns = new java.util.ArrayList<>();
            while (rs.next()) {
                columns.add(rs.getString("COLUMN_NAME"));
            }
            assertThat(WindowStatsRows.COLUMNS).containsExactlyInAnyOrderElementsOf(columns);
        }
    }
}
