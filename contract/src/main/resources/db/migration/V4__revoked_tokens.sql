-- Signed-out access tokens (owner: edge-api writes, edge-api and live-push read). A row lives until the token would
-- have expired anyway; every instance keeps the unexpired rows in memory and polls for new ones by revoked_at, so a
-- sign-out through one replica is refused by all of them within seconds.
CREATE TABLE revoked_tokens (
    jti        VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    user_id    CHAR(36)    CHARACTER SET ascii NOT NULL,
    expires_at BIGINT      NOT NULL,
    revoked_at BIGINT      NOT NULL,
    PRIMARY KEY (jti),
    KEY ix_revoked_tokens_revoked (revoked_at),
    KEY ix_revoked_tokens_expires (expires_at)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
