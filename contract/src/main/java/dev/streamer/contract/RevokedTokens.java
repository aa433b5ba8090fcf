package dev.streamer.contract;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * The denylist of signed-out access tokens (table {@code revoked_tokens}, migration V4), shared by every edge-api and
 * live-push instance. Each instance keeps the unexpired token ids in memory and polls the table for rows revoked since
 * its last poll (with an overlap for clock differences between instances and late commits), so a token revoked
 * through this instance is refused at once and one revoked through another instance within a poll interval. An entry
 * is forgotten when its token expires: an expired token is refused anyway. If the database cannot be asked, the last
 * known list stays in force and the next poll catches up.
 */
public final class RevokedTokens implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(RevokedTokens.class.getName());
    /** How far back each poll looks before the previous one started. */
    static final long OVERLAP_MS = 30_000;

    private static final int PURGE_EVERY = 100;

    private final DataSource dataSource;
    private final LongSupplier clock;
    private final Cache<String, Long> revoked;
    private final AtomicLong revocations = new AtomicLong();
    private final ScheduledExecutorService poller;
    private volatile long pollFrom;
    private volatile long lastPollOk;

    RevokedTokens(DataSource dataSource, LongSupplier clock) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.revoked =
                Caffeine.newBuilder().expireAfter(new UntilTokenExpiry(clock)).build();
        this.poller = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "revoked-tokens-poll");
            t.setDaemon(true);
            return t;
        });
    }

    /** Loads the list now (a failure is retried by the next poll), then polls every {@code pollInterval}. */
    public static RevokedTokens start(DataSource dataSource, Duration pollInterval) {
        RevokedTokens tokens = new RevokedTokens(dataSource, System::currentTimeMillis);
        tokens.pollQuietly();
        long ms = pollInterval.toMillis();
        tokens.poller.scheduleWithFixedDelay(tokens::pollQuietly, ms, ms, TimeUnit.MILLISECONDS);
        return tokens;
    }

    /** True when the token with this id was signed out (and has not expired yet). */
    public boolean isRevoked(String jti) {
        return jti != null && revoked.getIfPresent(jti) != null;
    }

    /** Records the sign-out of a token; refused here at once, by other instances after their next poll. */
    public void revoke(String jti, String userId, long expiresAtMillis) throws SQLException {
        long now = clock.getAsLong();
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO revoked_tokens"
                    + " (jti, user_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)")) {
                ps.setString(1, jti);
                ps.setString(2, userId);
                ps.setLong(3, expiresAtMillis);
                ps.setLong(4, now);
                ps.executeUpdate();
            }
            if (revocations.incrementAndGet() % PURGE_EVERY == 0) {
                try (PreparedStatement ps =
                        c.prepareStatement("DELETE FROM revoked_tokens WHERE expires_at < ? LIMIT 1000")) {
                    ps.setLong(1, now - OVERLAP_MS);
                    ps.executeUpdate();
                }
            }
        }
        revoked.put(jti, expiresAtMillis);
    }

    /** Reads the rows revoked since the last poll (minus the overlap); throws when the database cannot be asked. */
    public void poll() throws SQLException {
        long started = clock.getAsLong();
        try (Connection c = dataSource.getConnection();
                PreparedStatement ps = c.prepareStatement(
                        "SELECT jti, expires_at FROM revoked_tokens WHERE revoked_at >= ? AND expires_at > ?")) {
            ps.setLong(1, Math.max(0, pollFrom - OVERLAP_MS));
            ps.setLong(2, started);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    revoked.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        pollFrom = started;
        lastPollOk = clock.getAsLong();
    }

    /** When the last poll succeeded (epoch millis), 0 before the first. */
    public long lastPollOk() {
        return lastPollOk;
    }

    private void pollQuietly() {
        try {
            poll();
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.WARNING, "could not read revoked tokens (the last known list stays in force): " + e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
    }

    /** Each entry lives until its token's expiry. */
    private record UntilTokenExpiry(LongSupplier clock) implements Expiry<String, Long> {

        @Override
        public long expireAfterCreate(String jti, Long expiresAt, long currentTime) {
            return TimeUnit.MILLISECONDS.toNanos(Math.max(0, expiresAt - clock.getAsLong()));
        }

        @Override
        public long expireAfterUpdate(String jti, Long expiresAt, long currentTime, long currentDuration) {
            return expireAfterCreate(jti, expiresAt, currentTime);
        }

        @Override
        public long expireAfterRead(String jti, Long expiresAt, long currentTime, long currentDuration) {
            return currentDuration;
        }
    }
}
