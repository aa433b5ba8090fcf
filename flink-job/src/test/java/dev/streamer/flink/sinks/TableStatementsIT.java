package dev.streamer.flink.sinks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.FeedPost;
import dev.streamer.contract.Limits;
import dev.streamer.flink.records.CommentRow;
import dev.streamer.flink.records.LikeChange;
import dev.streamer.infra.testing.TestDatabase;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Random;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.flink.connector.jdbc.JdbcStatementBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The tables' statements as the connector runs them (one batch per flush, rows in arrival order, auto-commit) against
 * MariaDB with the migrated schema: rows naming what MySQL does not hold are skipped, not refused; guards keep the
 * newest version; like switches keep their order in batches of any size; the contract's limits fit the columns.
 */
class TableStatementsIT {

    private TestDatabase db;
    private final String author = UUID.randomUUID().toString();
    private final String liker = UUID.randomUUID().toString();

    @BeforeEach
    void database() throws SQLException {
        db = TestDatabase.create();
        try (Connection c = db.connect();
                PreparedStatement st = c.prepareStatement(
                        "INSERT INTO users (id, username, password_hash, created_at) VALUES (?, ?, 'x', 0)")) {
            for (String id : List.of(author, liker)) {
                st.setString(1, id);
                st.setString(2, id.substring(0, 8));
                st.executeUpdate();
            }
        }
    }

    @AfterEach
    void drop() throws Exception {
        db.close();
    }

    /** A connection as the job's sinks have one: batches rewritten into multi-row statements, in auto-commit. */
    private Connection connect() throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", db.user());
        p.setProperty("password", db.password() == null ? "" : db.password());
        p.setProperty("rewriteBatchedStatements", "true");
        return DriverManager.getConnection(db.jdbcUrl(), p);
    }

    /** One flush of the connector: every row bound and added, then one executeBatch. */
    private static <T> void batch(Connection c, String sql, JdbcStatementBuilder<T> binding, List<T> rows)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(sql)) {
            for (T row : rows) {
                binding.accept(st, row);
                st.addBatch();
            }
            st.executeBatch();
        }
    }

    private List<String> column(String sql) throws SQLException {
        try (Connection c = db.connect();
                ResultSet rs = c.createStatement().executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }

    private FeedPost post(String id, String community, String authorId, String media, long likes, long version) {
        return new FeedPost(id, community, authorId, "ann", "text", media, 1L, null, null, likes, 0, 0, version);
    }

    @Test
    void postsNamingAnUnknownCommunityUserOrImageAreSkippedAndTheNewestVersionStays() throws SQLException {
        String good = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            batch(
                    c,
                    PostsTable.SQL,
                    new PostsTable(),
                    List.of(
                            post(
                                    UUID.randomUUID().toString(),
                                    "facebook",
                                    UUID.randomUUID().toString(),
                                    null,
                                    0,
                                    1),
                            post(UUID.randomUUID().toString(), "no-such-community", author, null, 0, 1),
                            post(
                                    UUID.randomUUID().toString(),
                                    "facebook",
                                    author,
                                    UUID.randomUUID().toString(),
                                    0,
                                    1),
                            post(good, "facebook", author, null, 1, 2),
                            post(good, "facebook", author, null, 5, 1), // older: replayed late
                            post(good, "facebook", author, null, 2, 3)));
        }
        assertThat(column("SELECT id FROM posts")).containsExactly(good);
        assertThat(column("SELECT CONCAT(likes, '@', version) FROM posts")).containsExactly("2@3");
    }

    @Test
    void commentsOfAnUnknownAuthorAreSkippedAndAReplayedOneChangesNothing() throws SQLException {
        String id = UUID.randomUUID().toString();
        String post = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            batch(
                    c,
                    CommentsTable.SQL,
                    new CommentsTable(),
                    List.of(
                            new CommentRow(
                                    UUID.randomUUID().toString(),
                                    post,
                                    "facebook",
                                    UUID.randomUUID().toString(),
                                    "x",
                                    "a",
                                    1),
                            new CommentRow(id, post, "facebook", author, "ann", "first", 2),
                            new CommentRow(id, post, "facebook", author, "ann", "replayed", 3)));
        }
        assertThat(column("SELECT CONCAT(id, ' ', text) FROM comments")).containsExactly(id + " first");
    }

    /** Batches of 1 to 12 switches, each sent as one multi-row statement: MySQL applies its rows in order. */
    @Test
    void likeSwitchesKeepTheirOrderInBatchesOfAnySizeAndUnknownUsersAreSkipped() throws SQLException {
        Random random = new Random(7);
        List<String> posts =
                List.of(UUID.randomUUID().toString(), UUID.randomUUID().toString());
        TreeSet<String> expected = new TreeSet<>();
        long at = 0;
        try (Connection c = connect()) {
            for (int size = 1; size <= 12; size++) {
                List<LikeChange> rows = new ArrayList<>();
                for (int i = 0; i < size; i++) {
                    String post = posts.get(random.nextInt(posts.size()));
                    boolean liked = random.nextBoolean();
                    rows.add(new LikeChange(post, liker, liked, ++at));
                    if (liked) {
                        expected.add(post);
                    } else {
                        expected.remove(post);
                    }
                }
                rows.add(new LikeChange(posts.get(0), UUID.randomUUID().toString(), true, ++at));
                batch(c, PostLikesTable.SQL, new PostLikesTable(), rows);
                assertThat(column("SELECT post_id FROM post_likes WHERE liked AND user_id = '" + liker
                                + "' ORDER BY post_id"))
                        .as("after a batch of " + size)
                        .containsExactlyElementsOf(expected);
                assertThat(column("SELECT COUNT(*) FROM post_likes WHERE liked AND user_id <> '" + liker + "'"))
                        .containsExactly("0");
            }
        }
    }

    /**
     * A batch of any table is one statement on the server (one round trip, one auto-commit): the job's throughput
     * rests on it (docs/DESIGN.md, JDBC sink). A statement the driver cannot rewrite into a multi-row insert would run
     * once per row.
     */
    @Test
    void aBatchOfEveryTableIsOneStatement() throws SQLException {
        String post = UUID.randomUUID().toString();
        try (Connection c = connect()) {
            List<FeedPost> posts = new ArrayList<>();
            List<CommentRow> comments = new ArrayList<>();
            List<LikeChange> likes = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                posts.add(post(UUID.randomUUID().toString(), "facebook", author, null, 0, 1));
                comments.add(new CommentRow(UUID.randomUUID().toString(), post, "facebook", author, "ann", "c", i));
                likes.add(new LikeChange(post, author, i % 2 == 0, i));
            }
            assertThat(statementsOf(c, () -> batch(c, PostsTable.SQL, new PostsTable(), posts)))
                    .as("posts")
                    .isEqualTo(1);
            assertThat(statementsOf(c, () -> batch(c, CommentsTable.SQL, new CommentsTable(), comments)))
                    .as("comments")
                    .isEqualTo(1);
            assertThat(statementsOf(c, () -> batch(c, PostLikesTable.SQL, new PostLikesTable(), likes)))
                    .as("post_likes")
                    .isEqualTo(1);
        }
        assertThat(column("SELECT COUNT(*) FROM posts")).containsExactly("50");
        assertThat(column("SELECT COUNT(*) FROM comments")).containsExactly("50");
        assertThat(column("SELECT CONCAT(liked, ' ', liked_at) FROM post_likes"))
                .containsExactly("0 48");
    }

    interface SqlAction {
        void run() throws SQLException;
    }

    /** INSERT statements the server ran on {@code c} during {@code action}. */
    private static long statementsOf(Connection c, SqlAction action) throws SQLException {
        long before = comInsert(c);
        action.run();
        return comInsert(c) - before;
    }

    private static long comInsert(Connection c) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery("SHOW SESSION STATUS LIKE 'Com_insert'")) {
            rs.next();
            return rs.getLong(2);
        }
    }

    /** What the contract lets through fits the columns, so no validated event is refused as data (SQLState 22). */
    @Test
    void theContractsLimitsFitTheColumns() throws SQLException {
        int emotionLabel = java.util.Arrays.stream(Emotion.values())
                .mapToInt(e -> e.label().length())
                .max()
                .orElseThrow();
        java.util.Map<String, Long> chars = new java.util.TreeMap<>();
        java.util.Map<String, Long> bytes = new java.util.TreeMap<>();
        try (Connection c = db.connect();
                ResultSet rs = c.createStatement()
                        .executeQuery(
                                "SELECT TABLE_NAME, COLUMN_NAME, CHARACTER_MAXIMUM_LENGTH, CHARACTER_OCTET_LENGTH "
                                        + "FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME IN "
                                        + "('posts', 'comments', 'post_likes', 'window_stats') AND CHARACTER_MAXIMUM_LENGTH IS NOT NULL")) {
            while (rs.next()) {
                chars.put(rs.getString(1) + "." + rs.getString(2), rs.getLong(3));
                bytes.put(rs.getString(1) + "." + rs.getString(2), rs.getLong(4));
            }
        }
        java.util.Map<String, Integer> needed = new java.util.TreeMap<>(java.util.Map.of(
                "id",
                36,
                "post_id",
                36,
                "user_id",
                36,
                "author_id",
                36,
                "media_id",
                36,
                "community_id",
                32,
                "author_name",
                32,
                "emotion",
                emotionLabel));
        assertThat(chars.keySet())
                .as("every text column of the derived tables is checked here")
                .allMatch(column ->
                        needed.containsKey(column.substring(column.indexOf('.') + 1)) || column.endsWith(".text"));
        chars.forEach((column, length) -> {
            String name = column.substring(column.indexOf('.') + 1);
            if (name.equals("text")) {
                // a UTF-16 char is at most 3 bytes in UTF-8 (a surrogate pair: 4 bytes for 2 chars)
                int limit = column.startsWith("posts.") ? Limits.POST_TEXT_MAX : Limits.COMMENT_TEXT_MAX;
                assertThat(bytes.get(column)).as(column).isGreaterThanOrEqualTo(3L * limit);
            } else {
                assertThat(length).as(column).isGreaterThanOrEqualTo(needed.get(name));
            }
        });
        assertThat(chars)
                .containsKeys(
                        "posts.text",
                        "comments.text",
                        "posts.author_name",
                        "comments.author_name",
                        "posts.community_id",
                        "window_stats.community_id",
                        "post_likes.user_id");
    }
}
