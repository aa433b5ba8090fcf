package dev.streamer.edge.api;

import dev.streamer.contract.ActivityEvent;
import dev.streamer.contract.EventCodec;
import dev.streamer.edge.db.Sql;
import dev.streamer.edge.web.ApiException;
import io.agroal.api.AgroalDataSource;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The {@code Idempotency-Key} header of event-carrying requests. The first request with a key stores the event it
 * creates; a request with the same key (a client's retry after a timeout or a 503) gets that same event back — same
 * {@code eventId}, {@code occurredAt} and post or comment id — and publishes it again. The Flink job counts an
 * {@code eventId} once, so a retried like, post or comment counts once. Reusing a key for a different request is a
 * 422. Keys are per user and kept for {@code streamer.idempotency.retention}.
 */
@Singleton
public class IdempotencyKeys {

    public static final String HEADER = "Idempotency-Key";
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9._:-]{1,64}");
    private static final int PURGE_EVERY = 200;

    private final AgroalDataSource ds;
    private final long retentionMs;
    private final AtomicLong stored = new AtomicLong();

    IdempotencyKeys(AgroalDataSource ds,
                    @ConfigProperty(name = "streamer.idempotency.retention", defaultValue = "PT24H") Duration retention) {
        this.ds = ds;
        this.retentionMs = retention.toMillis();
    }

    /**
     * The event of this request: {@code fresh} when there is no key; else the event stored under the key, or
     * {@code fresh}'s event stored now.
     *
     * @param request what identifies the request apart from the key: method, route, path ids and body fields
     */
    public ActivityEvent eventFor(String userId, String key, String request, Supplier<ActivityEvent> fresh) {
        return answerFor(userId, key, request, fresh, e -> new String(EventCodec.encode(e), StandardCharsets.UTF_8),
                EventCodec::decode);
    }

    /**
     * Like {@link #eventFor} for a request whose stored answer is not one event (login and logout: their events, one
     * per membership, and their time), written with {@code encode} and read back with {@code decode}. {@code fresh}
     * may answer null when this request may only repeat an earlier one: then nothing is stored, and null is returned
     * unless the key already has an answer.
     */
    public <T> T answerFor(String userId, String key, String request, Supplier<T> fresh, Function<T, String> encode,
                           Function<String, T> decode) {
        if (key == null) {
            return fresh.get();
        }
        if (!KEY.matcher(key).matches()) {
            throw ApiException.badRequest(HEADER + " must be 1 to 64 of A-Z, a-z, 0-9 and . _ : -");
        }
        String hash = sha256(request);
        T event = fresh.get();
        long now = System.currentTimeMillis();
        try (Connection c = ds.getConnection()) {
            if (event != null) {
                try (PreparedStatement ps = c.prepareStatement("INSERT IGNORE INTO idempotency_keys"
                        + " (user_id, idem_key, request_hash, event_json, created_at) VALUES (?, ?, ?, ?, ?)")) {
                    ps.setString(1, userId);
                    ps.setString(2, key);
                    ps.setString(3, hash);
                    ps.setString(4, encode.apply(event));
                    ps.setLong(5, now);
                    if (ps.executeUpdate() == 1) {
                        if (stored.incrementAndGet() % PURGE_EVERY == 0) {
                            purge(c, now - retentionMs);
                        }
                        return event;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT request_hash, event_json FROM idempotency_keys WHERE user_id = ? AND idem_key = ?")) {
                ps.setString(1, userId);
                ps.setString(2, key);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        // purged between the two statements: a key this old is a new request
                        return event;
                    }
                    if (!rs.getString(1).equals(hash)) {
                        throw new ApiException(422, "Unprocessable Entity",
                                HEADER + " '" + key + "' was used for a different request; use a new key for a new request");
                    }
                    return decode.apply(rs.getString(2));
                }
            }
        } catch (SQLException e) {
            throw Sql.fail(e);
        }
    }

    private static void purge(Connection c, long before) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("DELETE FROM idempotency_keys WHERE created_at < ? LIMIT 1000")) {
            ps.setLong(1, before);
            ps.executeUpdate();
        }
    }

    private static String sha256(String s) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
