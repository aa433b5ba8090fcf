package dev.streamer.edge.auth;

import dev.streamer.edge.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

@Singleton
public class UserRepository {

    /** A stored user with the password hash, never sent to a client. */
    public record Account(String id, String username, String passwordHash) {}

    private final AgroalDataSource ds;

    UserRepository(AgroalDataSource ds) {
        this.ds = ds;
    }

    /** Inserts a user; false when the username is taken. */
    public boolean insert(String id, String username, String passwordHash, long now) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, username);
            ps.setString(3, passwordHash);
            ps.setLong(4, now);
            ps.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (Sql.isDuplicateKey(e)) {
                return false;
            }
            throw Sql.fail(e);
        }
    }

    public Optional<Account> byUsername(String username) {
        return one("SELECT id, username, password_hash FROM users WHERE username = ?", username);
    }

    public Optional<Account> byId(String id) {
        return one("SELECT id, username, password_hash FROM users WHERE id = ?", id);
    }

    private Optional<Account> one(String sql, String arg) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, arg);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Account(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }
}
