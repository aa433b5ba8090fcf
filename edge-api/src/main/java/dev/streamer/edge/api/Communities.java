package dev.streamer.edge.api;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.streamer.contract.Limits;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.db.Sql;
import dev.streamer.edge.web.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Communities and memberships. Membership sets are cached per user for a short time (join and leave through this
 * instance take effect at once; through another instance within {@code streamer.membership-cache}).
 */
@Singleton
public class Communities {

    public record Community(String id, String name, String description, boolean member, long members) {}

    private static final Duration KNOWN_IDS_CACHE = Duration.ofMinutes(1);

    private final AgroalDataSource ds;
    /** Per user, for {@code streamer.membership-cache}. */
    private final Cache<String, Set<String>> memberships;
    /** The ids of all communities (one entry), for a minute. */
    private final Cache<Boolean, Set<String>> known;

    Communities(AgroalDataSource ds, EdgeConfig config, Ticker ticker) {
        this.ds = ds;
        this.memberships = Caffeine.newBuilder()
                .expireAfterWrite(config.membershipCache())
                .maximumSize(200_000)
                .ticker(ticker)
                .build();
        this.known = Caffeine.newBuilder()
                .expireAfterWrite(KNOWN_IDS_CACHE)
                .ticker(ticker)
                .build();
    }

    public List<Community> list(String userId) {
        String sql = "SELECT c.id, c.name, c.description,"
                + " (SELECT COUNT(*) FROM memberships m WHERE m.community_id = c.id) AS members,"
                + " EXISTS (SELECT 1 FROM memberships m WHERE m.community_id = c.id AND m.user_id = ?) AS member"
                + " FROM communities c ORDER BY c.id";
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            List<Community> out = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Community(
                            rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(5), rs.getLong(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    /** 404 unless {@code id} names a community ("all" is not one). */
    public void requireExists(String id) {
        if (id == null
                || !Limits.COMMUNITY_ID.matcher(id).matches()
                || !knownIds().contains(id)) {
            throw ApiException.notFound("no community '" + abbreviate(id) + "'");
        }
    }

    /** 404 for an unknown community, 403 when the user is not a member. */
    public void requireMember(String userId, String communityId) {
        requireExists(communityId);
        if (!of(userId).contains(communityId)) {
            throw ApiException.forbidden("you are not a member of '" + communityId + "'; join it first");
        }
    }

    public Set<String> of(String userId) {
        return memberships.get(userId, this::load);
    }

    /** Fresh from the database, ordered. */
    public List<String> ofUncached(String userId) {
        return load(userId).stream().sorted().toList();
    }

    public void join(String userId, String communityId) {
        requireExists(communityId);
        update(
                "INSERT IGNORE INTO memberships (user_id, community_id, joined_at) VALUES (?, ?, ?)",
                userId,
                communityId,
                true);
    }

    public void leave(String userId, String communityId) {
        requireExists(communityId);
        update("DELETE FROM memberships WHERE user_id = ? AND community_id = ?", userId, communityId, false);
    }

    private void update(String sql, String userId, String communityId, boolean withTime) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, userId);
            ps.setString(2, communityId);
            if (withTime) {
                ps.setLong(3, System.currentTimeMillis());
            }
            ps.executeUpdate();
        } catch (SQLException e) {
            throw Sql.fail(e);
        } finally {
            memberships.invalidate(userId);
        }
    }

    private Set<String> load(String userId) {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT community_id FROM memberships WHERE user_id = ?")) {
            ps.setString(1, userId);
            Set<String> out = new HashSet<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return Set.copyOf(out);
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    private Set<String> knownIds() {
        return known.get(Boolean.TRUE, k -> loadIds());
    }

    private Set<String> loadIds() {
        try (Connection c = ds.getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT id FROM communities");
                ResultSet rs = ps.executeQuery()) {
            Set<String> ids = new HashSet<>();
            while (rs.next()) {
                ids.add(rs.getString(1));
            }
            return Set.copyOf(ids);
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }
}
