package dev.streamer.edge.api;

import dev.streamer.edge.db.Sql;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** Images in the MySQL {@code media} table. */
@Singleton
public class MediaStore {

    public record Stored(String contentType, String sha256, byte[] data) {
    }

    private final AgroalDataSource ds;

    MediaStore(AgroalDataSource ds) {
        this.ds = ds;
    }

    public void insert(String id, String ownerId, String contentType, byte[] data, String sha256, long now) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO media (id, owner_id, content_type, size_bytes, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            ps.setString(1, id);
            ps.setString(2, ownerId);
            ps.setString(3, contentType);
            ps.setInt(4, data.length);
            ps.setString(5, sha256);
            ps.setBytes(6, data);
            ps.setLong(7, now);
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    public boolean exists(String id) {
        try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1 FROM media WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    public Optional<Stored> find(String id) {
        try (Connection c = ds.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT content_type, sha256, data FROM media WHERE id = ?")) {
            ps.setString(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3))) : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }
}
