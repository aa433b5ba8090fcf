package dev.streamer.push;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.EmotionCounts;
import dev.streamer.contract.EmotionScores;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.ResultCodec;
import dev.streamer.contract.Topics;
import dev.streamer.contract.WindowResult;
import io.smallrye.jwt.build.Jwt;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/** Users, memberships, windows, tokens and result records for the tests, written to the real database and broker. */
final class Fixtures {

    static final long WINDOW_MS = 30_000;

    private Fixtures() {}

    static Config config() {
        return ConfigProvider.getConfig();
    }

    static Connection db() throws SQLException {
        Config c = config();
        return DriverManager.getConnection(
                c.getValue("quarkus.datasource.jdbc.url", String.class),
                c.getValue("quarkus.datasource.username", String.class),
                c.getOptionalValue("quarkus.datasource.password", String.class).orElse(""));
    }

    /** A new user, member of {@code communities}; returns its id. */
    static String user(String... communities) throws SQLException {
        String id = UUID.randomUUID().toString();
        long now = System.currentTimeMillis();
        try (Connection c = db()) {
            try (PreparedStatement st = c.prepareStatement(
                    "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'not-a-real-hash', ?)")) {
                st.setString(1, id);
                st.setString(2, "u" + id.substring(0, 8));
                st.setLong(3, now);
                st.executeUpdate();
            }
            for (String community : communities) {
                try (PreparedStatement st = c.prepareStatement(
                        "INSERT INTO memberships (user_id, community_id, joined_at) VALUES (?, ?, ?)")) {
                    st.setString(1, id);
                    st.setString(2, community);
                    st.setLong(3, now);
                    st.executeUpdate();
                }
            }
        }
        return id;
    }

    /** Signs a token out the way edge-api does: a row in revoked_tokens. */
    static void revoke(String jti, String userId) throws SQLException {
        long now = System.currentTimeMillis();
        try (Connection c = db();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO revoked_tokens (jti, user_id, expires_at, revoked_at) VALUES (?, ?, ?, ?)")) {
            st.setString(1, jti);
            st.setString(2, userId);
            st.setLong(3, now + 3_600_000);
            st.setLong(4, now);
            st.executeUpdate();
        }
    }

    static void leave(String userId, String community) throws SQLException {
        execute("DELETE FROM memberships WHERE user_id = ? AND community_id = ?", userId, community);
    }

    static void join(String userId, String community) throws SQLException {
        execute(
                "INSERT INTO memberships (user_id, community_id, joined_at) VALUES (?, ?, ?)",
                userId,
                community,
                System.currentTimeMillis());
    }

    private static void execute(String sql, Object... args) throws SQLException {
        try (Connection c = db();
                PreparedStatement st = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                st.setObject(i + 1, args[i]);
            }
            st.executeUpdate();
        }
    }

    static void storeWindow(WindowResult w) throws SQLException {
        try (Connection c = db();
                PreparedStatement st = c.prepareStatement("""
                INSERT INTO window_stats (community_id, window_start, window_end, active_users, posts, likes, comments,
                    shares, emotion_joy, late_events, revision) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            st.setString(1, w.communityId());
            st.setLong(2, w.windowStart());
            st.setLong(3, w.windowEnd());
            st.setLong(4, w.activeUsers());
            st.setLong(5, w.posts());
            st.setLong(6, w.likes());
            st.setLong(7, w.comments());
            st.setLong(8, w.shares());
            st.setLong(9, w.emotions().joy());
            st.setLong(10, w.lateEvents());
            st.setInt(11, w.revision());
            st.executeUpdate();
        }
    }

    static WindowResult window(String community, long windowStart, long activeUsers, int revision) {
        return new WindowResult(
                community,
                windowStart,
                windowStart + WINDOW_MS,
                activeUsers,
                2,
                3,
                1,
                0,
                EmotionCounts.ZERO.plus(Emotion.JOY),
                0,
                revision,
                false);
    }

    static FeedPost post(String community, String postId, String text, long version) {
        return new FeedPost(
                postId,
                community,
                UUID.randomUUID().toString(),
                "author",
                text,
                null,
                System.currentTimeMillis(),
                Emotion.JOY,
                EmotionScores.of(new double[] {0.01, 0.01, 0.01, 0.9, 0.03, 0.02, 0.02}),
                version - 1,
                0,
                0,
                version);
    }

    /** A token as edge-api issues it (issuer, audience, subject, name, id), valid for an hour. */
    static String token(String userId) {
        return token(userId, UUID.randomUUID().toString(), Instant.now().plusSeconds(3600));
    }

    static String token(String userId, String jti, Instant expiresAt) {
        return Jwt.issuer("streamer")
                .audience("streamer")
                .subject(userId)
                .upn("u" + userId.substring(0, 8))
                .claim("jti", jti)
                .expiresAt(expiresAt)
                .sign();
    }

    /** The socket URL of a community; the token goes in Sec-WebSocket-Protocol ({@link TestSocket#open}). */
    static URI socket(URI base, String community) {
        String ws = base.toString().replaceFirst("^http", "ws").replaceAll("/$", "");
        return URI.create(ws + "/ws/communities/" + community);
    }

    static KafkaProducer<String, byte[]> producer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config().getValue("kafka.bootstrap.servers", String.class));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return new KafkaProducer<>(p);
    }

    static void send(KafkaProducer<String, byte[]> producer, WindowResult w, Integer partition) {
        await(producer, new ProducerRecord<>(Topics.ANALYTICS, partition, w.key(), ResultCodec.encode(w)));
    }

    static void send(KafkaProducer<String, byte[]> producer, FeedPost p, Integer partition) {
        await(producer, new ProducerRecord<>(Topics.FEED, partition, p.postId(), ResultCodec.encode(p)));
    }

    private static void await(KafkaProducer<String, byte[]> producer, ProducerRecord<String, byte[]> record) {
        try {
            producer.send(record).get();
        } catch (InterruptedException | ExecutionException e) {
            throw new IllegalStateException("could not produce " + record.topic(), e);
        }
    }
}
