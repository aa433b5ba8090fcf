-- Streamer schema (MySQL 8 / MariaDB 10.11). Times are epoch milliseconds (BIGINT): event time comes from the
-- activity stream as epoch millis and this keeps it free of server and session time zones.
--
-- Owners: edge-api writes users, memberships, media. The Flink job writes posts, comments, post_likes, window_stats.
-- Foreign keys point only from derived tables to edge-api's tables, which always hold the row before an event can
-- name it. Derived tables do not reference each other: they are written by independent idempotent sinks and a
-- replay may write them in any order.

CREATE TABLE communities (
    id          VARCHAR(32)  NOT NULL,
    name        VARCHAR(64)  NOT NULL,
    description VARCHAR(255) NOT NULL DEFAULT '',
    created_at  BIGINT       NOT NULL,
    PRIMARY KEY (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE users (
    id            CHAR(36)     CHARACTER SET ascii NOT NULL,
    username      VARCHAR(32)  NOT NULL,
    password_hash VARCHAR(255) NOT NULL,
    created_at    BIGINT       NOT NULL,
    PRIMARY KEY (id),
    CONSTRAINT uq_users_username UNIQUE (username)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE memberships (
    user_id      CHAR(36)    CHARACTER SET ascii NOT NULL,
    community_id VARCHAR(32) NOT NULL,
    joined_at    BIGINT      NOT NULL,
    PRIMARY KEY (user_id, community_id),
    KEY ix_memberships_community (community_id),
    CONSTRAINT fk_memberships_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
    CONSTRAINT fk_memberships_community FOREIGN KEY (community_id) REFERENCES communities (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE media (
    id           CHAR(36)    CHARACTER SET ascii NOT NULL,
    owner_id     CHAR(36)    CHARACTER SET ascii NOT NULL,
    content_type VARCHAR(32) NOT NULL,
    size_bytes   INT         NOT NULL,
    sha256       CHAR(64)    CHARACTER SET ascii NOT NULL,
    data         MEDIUMBLOB  NOT NULL,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (id),
    KEY ix_media_owner (owner_id),
    CONSTRAINT fk_media_owner FOREIGN KEY (owner_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE posts (
    id               CHAR(36)    CHARACTER SET ascii NOT NULL,
    community_id     VARCHAR(32) NOT NULL,
    author_id        CHAR(36)    CHARACTER SET ascii NOT NULL,
    author_name      VARCHAR(32) NULL,
    text             TEXT        NOT NULL,
    media_id         CHAR(36)    CHARACTER SET ascii NULL,
    created_at       BIGINT      NOT NULL,
    emotion          VARCHAR(16) NULL,
    score_anger      DOUBLE      NULL,
    score_disgust    DOUBLE      NULL,
    score_fear       DOUBLE      NULL,
    score_joy        DOUBLE      NULL,
    score_sadness    DOUBLE      NULL,
    score_surprise   DOUBLE      NULL,
    score_neutral    DOUBLE      NULL,
    likes            BIGINT      NOT NULL DEFAULT 0,
    comments         BIGINT      NOT NULL DEFAULT 0,
    shares           BIGINT      NOT NULL DEFAULT 0,
    version          BIGINT      NOT NULL DEFAULT 1,
    PRIMARY KEY (id),
    -- the feed: newest first per community, keyset paging on (created_at, id)
    KEY ix_posts_feed (community_id, created_at, id),
    KEY ix_posts_author (author_id),
    CONSTRAINT fk_posts_community FOREIGN KEY (community_id) REFERENCES communities (id),
    CONSTRAINT fk_posts_author FOREIGN KEY (author_id) REFERENCES users (id),
    CONSTRAINT fk_posts_media FOREIGN KEY (media_id) REFERENCES media (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE comments (
    id           CHAR(36)    CHARACTER SET ascii NOT NULL,
    post_id      CHAR(36)    CHARACTER SET ascii NOT NULL,
    community_id VARCHAR(32) NOT NULL,
    author_id    CHAR(36)    CHARACTER SET ascii NOT NULL,
    author_name  VARCHAR(32) NULL,
    text         TEXT        NOT NULL,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (id),
    -- a post's comments in order
    KEY ix_comments_post (post_id, created_at, id),
    CONSTRAINT fk_comments_community FOREIGN KEY (community_id) REFERENCES communities (id),
    CONSTRAINT fk_comments_author FOREIGN KEY (author_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per user and post while the user likes the post: a like is a toggle, an unlike deletes the row.
CREATE TABLE post_likes (
    post_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    user_id  CHAR(36) CHARACTER SET ascii NOT NULL,
    liked_at BIGINT   NOT NULL,
    PRIMARY KEY (post_id, user_id),
    -- "does the caller like these posts" for a feed page
    KEY ix_post_likes_user (user_id, post_id),
    CONSTRAINT fk_post_likes_user FOREIGN KEY (user_id) REFERENCES users (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- One row per community (or 'all') and 30-second event-time window; replaced by each revision.
CREATE TABLE window_stats (
    community_id     VARCHAR(32) NOT NULL,
    window_start     BIGINT      NOT NULL,
    window_end       BIGINT      NOT NULL,
    active_users     BIGINT      NOT NULL,
    posts            BIGINT      NOT NULL,
    likes            BIGINT      NOT NULL,
    comments         BIGINT      NOT NULL,
    shares           BIGINT      NOT NULL,
    emotion_anger    BIGINT      NOT NULL DEFAULT 0,
    emotion_disgust  BIGINT      NOT NULL DEFAULT 0,
    emotion_fear     BIGINT      NOT NULL DEFAULT 0,
    emotion_joy      BIGINT      NOT NULL DEFAULT 0,
    emotion_sadness  BIGINT      NOT NULL DEFAULT 0,
    emotion_surprise BIGINT      NOT NULL DEFAULT 0,
    emotion_neutral  BIGINT      NOT NULL DEFAULT 0,
    late_events      BIGINT      NOT NULL DEFAULT 0,
    revision         INT         NOT NULL DEFAULT 0,
    PRIMARY KEY (community_id, window_start)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
