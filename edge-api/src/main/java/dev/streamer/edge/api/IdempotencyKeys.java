package dev.streamer.edge.api;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.contract.Limits;
import dev.streamer.edge.config.EdgeConfig;
import dev.streamer.edge.db.Sql;
import dev.streamer.edge.web.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.LongFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of event-carrying requests. The first request with a key stores the event(s) it
 * creates (or, for sign-in and sign-out, its answer); a request with the same key (a client's retry after a timeout or a 503) gets those same events back — same
 * {@code eventId}, {@code occurredAt} and post or comment id — and publishes them again. The Flink job counts an
 * {@code eventId} once, so a retried like, post or comment counts once. Reusing a key for a different request is a
 * 422. Keys are per user.
 * <p>
 * A key lives for exactly {@code streamer.idempotency.retention}, at most (and by default) the product's
 * de-duplication horizon {@link Limits#DEDUP_HORIZON}, counted from its first use: the job remembers event ids for
 * that long plus {@link Limits#DEDUP_MARGIN}. A request with an older key is a new request with new events, whether or
 * not the row was purged yet, so edge-api never republishes an event the job may have forgotten.
 */
@Singleton
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int PURGE_EVERY = 200;
    private static final int ATTEMPTS = 3;

    private final AgroalDataSource ds;
    private final long retentionMs;
    private final AtomicLong stored = new AtomicLong();

    @Inject
    IdempotencyKeys(AgroalDataSource ds, EdgeConfig config) {
        this(ds, config.idempotency().retention());
    }

    IdempotencyKeys(AgroalDataSource ds, Optional<Duration> configured) {
        Duration retention = configured.orElse(Limits.DEDUP_HORIZON);
        if (retention.isNegative() || retention.isZero() || retention.compareTo(Limits.DEDUP_HORIZON) > 0) {
            throw new IllegalArgumentException(
                    "streamer.idempotency.retention must be positive and at most the" + " de-duplication horizon "
                            + Limits.DEDUP_HORIZON + " (the Flink job forgets event ids after it)");
        }
        this.ds = ds;
        this.retentionMs = retention.toMillis();
    }

    /** How long a key names its first request. */
    public Duration retention() {
        return Duration.ofMillis(retentionMs);
    }

    /**
     * The event of this request: {@code fresh}'s when there is no key; else the event stored under the key, or
     * {@code fresh}'s event stored now.
     *
     * @param request what identifies the request apart from the key: method, route, path ids and body fields
     */
    public ActivityEvent eventFor(String userId, String key, String request, Supplier<ActivityEvent> fresh) {
        return answerFor(userId, key, request, now -> fresh.get(), EventCodec::encodeToString, EventCodec::decode);
    }

    /**
     * Like {@link #eventFor} for a request whose stored answer is not one event (login and logout: their events, one
     * per membership, and their time), written with {@code encode} and read back with {@code decode}. {@code fresh}
     * is given the time the key is first used (never later than the events' {@code occurredAt} it makes, so a retry is
     * never answered with an event older than the horizon). It may answer null when this request may only repeat an
     * earlier one: then nothing is stored, and null is returned unless the key holds a live answer.
     */
    public <T> T answerFor(
            String userId,
            String key,
            String request,
            LongFunction<T> fresh,
            Function<T, String> encode,
            Function<String, T> decode) {
        if (key == null) {
            return fresh.apply(System.currentTimeMillis());
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(HEADER + " must be 1 to 64 of A-Z, a-z, 0-9 and . _ : -");
        }
        String hash = sha256(request);
        long now = System.currentTimeMillis();
        T answer = fresh.apply(now);
        String json = answer == null ? null : encode.apply(answer);
        try (Connection c = ds.getConnection()) {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                if (json != null && insert(c, userId, key, hash, json, now)) {
                    return answer;
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT request_hash, event_json, created_at"
                        + " FROM idempotency_keys WHERE user_id = ? AND idem_key = ?")) {
                    ps.setString(1, userId);
                    ps.setString(2, key);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (!rs.next()) {
                            if (json == null) {
                                return null;
                            }
                            continue; // purged between the two statements: insert again
                        }
                        long createdAt = rs.getLong(3);
                        if (now - createdAt >= retentionMs) {
                            if (json == null) {
                                return null; // an expired key names a new request, and this one may only repeat
                            }
                            if (renew(c, userId, key, hash, json, now, createdAt)) {
                                return answer;
                            }
                            continue; // renewed by a concurrent request meanwhile: read it again
                        }
                        if (!rs.getString(1).equals(hash)) {
                            throw new ApiException(
                                    422,
                                    "Unprocessable Entity",
                                    HEADER + " '" + key
                                            + "' was used for a different request; use a new key for a new request");
                        }
                        return decode.apply(rs.getString(2));
                    }
                }
            }
            throw Sql.unavailable(
                    new SQLException("idempotency key " + key + " changed " + ATTEMPTS + " times while read"));
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    private boolean insert(Connection c, String userId, String key, String hash, String json, long now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO idempotency_keys"
                + " (user_id, idem_key, request_hash, event_json, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, userId);
            ps.setString(2, key);
            ps.setString(3, hash);
            ps.setString(4, json);
            ps.setLong(5, now);
            if (ps.executeUpdate() != 1) {
                return false;
            }
        }
        if (stored.incrementAndGet() % PURGE_EVERY == 0) {
            purge(c, now - retentionMs);
        }
        return true;
    }

    /** Gives an expired key to a new request; false when another request renewed it first. */
    private static boolean renew(
            Connection c, String userId, String key, String hash, String json, long now, long expiredCreatedAt)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE idempotency_keys SET request_hash = ?, event_json = ?,"
                + " created_at = ? WHERE user_id = ? AND idem_key = ? AND created_at = ?")) {
            ps.setString(1, hash);
            ps.setString(2, json);
            ps.setLong(3, now);
            ps.setString(4, userId);
            ps.setString(5, key);
            ps.setLong(6, expiredCreatedAt);
            return ps.executeUpdate() == 1;
        }
    }

    private static void purge(Connection c, long before) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 1000")) {
            ps.setLong(1, before);
            ps.executeUpdate();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
