package dev.streamer.push;

import dev.streamer.contract.WindowResult;
import dev.streamer.contract.WindowStatsRows;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only access to communities, memberships and window_stats (the schema in contract/). Never writes. */
@ApplicationScoped
public class CommunityStore {

    private final AgroalDataSource dataSource;

    public CommunityStore(AgroalDataSource dataSource) {
        this.dataSource = dataSource;
    }

    public boolean communityExists(String communityId) throws SQLException {
        return exists("SELECT 1 FROM communities WHERE id = ?", communityId);
    }

    public boolean isMember(String userId, String communityId) throws SQLException {
        return exists("SELECT 1 FROM memberships WHERE user_id = ? AND community_id = ?", userId, communityId);
    }

    public Set<String> communitiesOf(String userId) throws SQLException {
        Set<String> ids = new HashSet<>();
        try (Connection c = readOnly();
                PreparedStatement st = c.prepareStatement("SELECT community_id FROM memberships WHERE user_id = ?")) {
            st.setString(1, userId);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** The communities of each of {@code userIds} (users without any are absent), in batches of 500. */
    public Map<String, Set<String>> communitiesOf(Collection<String> userIds) throws SQLException {
        Map<String, Set<String>> out = new HashMap<>();
        List<String> ids = List.copyOf(userIds);
        try (Connection c = readOnly()) {
            for (int from = 0; from < ids.size(); from += 500) {
                List<String> batch = ids.subList(from, Math.min(ids.size(), from + 500));
                String marks = String.join(",", Collections.nCopies(batch.size(), "?"));
                try (PreparedStatement st = c.prepareStatement(
                        "SELECT user_id, community_id FROM memberships WHERE user_id IN (" + marks + ")")) {
                    for (int i = 0; i < batch.size(); i++) {
                        st.setString(i + 1, batch.get(i));
                    }
                    try (ResultSet rs = st.executeQuery()) {
                        while (rs.next()) {
                            out.computeIfAbsent(rs.getString(1), u -> new HashSet<>())
                                    .add(rs.getString(2));
                        }
                    }
                }
            }
        }
        return out;
    }

    /** The community's latest {@code limit} windows that ended after {@code endedAfter}, oldest first. */
    public List<WindowResult> recentWindows(String communityId, long endedAfter, int limit) throws SQLException {
        List<WindowResult> windows = new ArrayList<>();
        try (Connection c = readOnly();
                PreparedStatement st = c.prepareStatement(WindowStatsRows.SELECT
                        + " WHERE community_id = ? AND window_end > ? ORDER BY window_start DESC LIMIT ?")) {
            st.setString(1, communityId);
            st.setLong(2, endedAfter);
            st.setInt(3, limit);
            try (ResultSet rs = st.executeQuery()) {
                while (rs.next()) {
                    windows.add(WindowStatsRows.read(rs));
                }
            }
        }
        Collections.reverse(windows);
        return windows;
    }

    private boolean exists(String sql, String... params) throws SQLException {
        try (Connection c = readOnly();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                st.setString(i + 1, params[i]);
            }
            try (ResultSet rs = st.executeQuery()) {
                return rs.next();
            }
        }
    }

    private Connection readOnly() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setReadOnly(true);
        return c;
    }
}
