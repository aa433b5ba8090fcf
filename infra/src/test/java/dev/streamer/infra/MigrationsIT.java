package dev.streamer.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.streamer.contract.Migrations;
import dev.streamer.infra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class MigrationsIT {

    static TestDatabase db;

    @BeforeAll
    static void createDatabase() {
        db = TestDatabase.create();
    }

    @AfterAll
    static void dropDatabase() {
        db.close();
    }

    @Test
    void createsEveryTableAndSeedsCommunities() throws Exception {
        try (Connection c = db.connect()) {
            assertThat(Database.tables(c))
                    .contains(
                            "users",
                            "communities",
                            "memberships",
                            "media",
                            "posts",
                            "comments",
                            "post_likes",
                            "window_stats");
            List<String> ids = new ArrayList<>();
            try (var rs = c.createStatement().executeQuery("SELECT id FROM communities ORDER BY id")) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
            assertThat(ids).containsExactly("facebook", "instagram", "skype", "twitter");
        }
    }

    @Test
    void applyingTwiceIsANoOp() throws Exception {
        assertThat(Migrations.apply(db.dataSource())).isZero();
        try (Connection c = db.connect();
                var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM communities")) {
            rs.next();
            assertThat(rs.getInt(1)).isEqualTo(4);
        }
    }

    @Test
    void usernamesAreUniqueAndALikeIsOnePerUserAndPost() throws Exception {
        try (Connection c = db.connect()) {
            String user = UUID.randomUUID().toString();
            String name = "u" + user.substring(0, 8);
            insertUser(c, user, name);
            assertThatThrownBy(() -> insertUser(c, UUID.randomUUID().toString(), name))
                    .isInstanceOf(SQLIntegrityConstraintViolationException.class);
            String post = UUID.randomUUID().toString();
            like(c, post, user);
            assertThatThrownBy(() -> like(c, post, user)).isInstanceOf(SQLIntegrityConstraintViolationException.class);
        }
    }

    @Test
    void derivedRowsMustReferToExistingUsersAndCommunities() throws Exception {
        try (Connection c = db.connect();
                var ps = c.prepareStatement(
                        "INSERT INTO posts (id, community_id, author_id, text, created_at) VALUES (?, 'facebook', ?, 'x', 1)")) {
            ps.setString(1, UUID.randomUUID().toString());
            ps.setString(2, UUID.randomUUID().toString());
            assertThatThrownBy(ps::executeUpdate).isInstanceOf(SQLIntegrityConstraintViolationException.class);
        }
    }

    private static void insertUser(Connection c, String id, String name) throws Exception {
        try (var ps = c.prepareStatement(
                "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'h', 1)")) {
            ps.setString(1, id);
            ps.setString(2, name);
            ps.executeUpdate();
        }
    }

    private static void like(Connection c, String post, String user) throws Exception {
        try (var ps = c.prepareStatement("INSERT INTO post_likes (post_id, user_id, liked_at) VALUES (?, ?, 1)")) {
            ps.setString(1, post);
            ps.setString(2, user);
            ps.executeUpdate();
        }
    }
}
