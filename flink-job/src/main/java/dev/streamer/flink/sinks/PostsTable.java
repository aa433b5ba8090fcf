package dev.streamer.flink.sinks;

import dev.streamer.contract.Emotion;
import dev.streamer.contract.FeedPost;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/** {@code posts}: one row per post, replaced only by a version at least as new (so a replay never goes back). */
public final class PostsTable implements TableWriter<FeedPost> {

    private static final long serialVersionUID = 1L;

    // MySQL evaluates the assignments left to right: version must be assigned last, after the guards read it.
    static final String SQL = """
            INSERT INTO posts (id, community_id, author_id, author_name, text, media_id, created_at, emotion,
                score_anger, score_disgust, score_fear, score_joy, score_sadness, score_surprise, score_neutral,
                likes, comments, shares, version)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON DUPLICATE KEY UPDATE
                emotion = IF(VALUES(version) >= version, VALUES(emotion), emotion),
                score_anger = IF(VALUES(version) >= version, VALUES(score_anger), score_anger),
                score_disgust = IF(VALUES(version) >= version, VALUES(score_disgust), score_disgust),
                score_fear = IF(VALUES(version) >= version, VALUES(score_fear), score_fear),
                score_joy = IF(VALUES(version) >= version, VALUES(score_joy), score_joy),
                score_sadness = IF(VALUES(version) >= version, VALUES(score_sadness), score_sadness),
                score_surprise = IF(VALUES(version) >= version, VALUES(score_surprise), score_surprise),
                score_neutral = IF(VALUES(version) >= version, VALUES(score_neutral), score_neutral),
                likes = IF(VALUES(version) >= version, VALUES(likes), likes),
                comments = IF(VALUES(version) >= version, VALUES(comments), comments),
                shares = IF(VALUES(version) >= version, VALUES(shares), shares),
                version = GREATEST(version, VALUES(version))
            """;

    @Override
    public String table() {
        return "posts";
    }

    @Override
    public Object key(FeedPost row) {
        return row.postId();
    }

    @Override
    public FeedPost merge(FeedPost older, FeedPost newer) {
        return newer.version() >= older.version() ? newer : older;
    }

    @Override
    public void write(Connection c, List<FeedPost> rows) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(SQL)) {
            for (FeedPost p : rows) {
                int i = 1;
                st.setString(i++, p.postId());
                st.setString(i++, p.communityId());
                st.setString(i++, p.authorId());
                st.setString(i++, p.authorName());
                st.setString(i++, p.text());
                st.setString(i++, p.mediaId());
                st.setLong(i++, p.createdAt());
                st.setString(i++, p.emotion() == null ? null : p.emotion().label());
                for (Emotion e : Emotion.ALL) {
                    if (p.emotionScores() == null) {
                        st.setNull(i++, Types.DOUBLE);
                    } else {
                        st.setDouble(i++, p.emotionScores().get(e));
                    }
                }
                st.setLong(i++, p.likes());
                st.setLong(i++, p.comments());
                st.setLong(i++, p.shares());
                st.setLong(i, p.version());
                st.addBatch();
            }
            st.executeBatch();
        }
    }
}
