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

    public record Stored(String contentType, String sha256, byte[] data) {}

    private final AgroalDataSource ds;

    MediaStore(AgroalDataSource ds) {
        this.ds = ds;
    }

    /**
     * Stores an image unless the owner's images would then take more than {@code quotaBytes}; false when over quota.
     * The owner's row is locked meanwhile, so concurrent uploads of one user cannot pass the quota together.
     */
    public boolean insertWithin(
            String id, String ownerId, String contentType, byte[] data, String sha256, long now, long quotaBytes) {
        try (Connection c = ds.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement lock = c.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
                    lock.setString(1, ownerId);
                    lock.executeQuery().close();
                }
                long used;
                try (PreparedStatement ps =
                        c.prepareStatement("SELECT COALESCE(SUM(size_bytes), 0) FROM media WHERE owner_id = ?")) {
                    ps.setString(1, ownerId);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        used = rs.getLong(1);
                    }
                }
                if (used + data.length > quotaBytes) {
                    c.rollback();
                    return false;
                }
                try (PreparedStatement ps = c.prepareStatement(
                        "INSERT INTO media"
                                + " (id, owner_id, content_type, size_bytes, sha256, data, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)")) {
                    ps.setString(1, id);
                    ps.setString(2, ownerId);
                    ps.setString(3, contentType);
                    ps.setInt(4, data.length);
                    ps.setString(5, sha256);
                    ps.setBytes(6, data);
                    ps.setLong(7, now);
                    ps.executeUpdate();
                }
                c.commit();
                return true;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    /** True when the image exists and {@code ownerId} uploaded it: a post may show only its author's images. */
    public boolean isOwnedBy(String id, String ownerId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT 1 FROM media WHERE id = ? AND owner_id = ?")) {
            ps.setString(1, id);
            ps.setString(2, ownerId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    /** The image, if {@code userId} owns it or is a member of a community where a stored post shows it. */
    public Optional<Stored> findVisibleTo(String id, String userId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT m.content_type, m.sha256, m.data FROM media m"
                        + " WHERE m.id = ? AND (m.owner_id = ? OR EXISTS (SELECT 1 FROM posts p"
                        + " JOIN memberships ms ON ms.community_id = p.community_id AND ms.user_id = ?"
                        + " WHERE p.media_id = m.id))")) {
            ps.setString(1, id);
            ps.setString(2, userId);
            ps.setString(3, userId);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next()
                        ? Optional.of(new Stored(rs.getString(1), rs.getString(2), rs.getBytes(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }
}
