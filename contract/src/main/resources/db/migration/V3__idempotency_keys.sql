-- Idempotency-Key of event-carrying requests (owner: edge-api). A retried request with the same key gets the same
-- event back (same eventId, occurredAt and ids), published again; the Flink job counts an eventId once. The request
-- hash tells a retry from a different request that reuses the key. Rows older than a day are purged by edge-api.
CREATE TABLE idempotency_keys (
    user_id      CHAR(36)    CHARACTER SET ascii NOT NULL,
    idem_key     VARCHAR(64) CHARACTER SET ascii COLLATE ascii_bin NOT NULL,
    request_hash CHAR(64)    CHARACTER SET ascii NOT NULL,
    event_json   MEDIUMTEXT  NOT NULL,
    created_at   BIGINT      NOT NULL,
    PRIMARY KEY (user_id, idem_key),
    KEY ix_idempotency_keys_created (created_at),
    CONSTRAINT fk_idempotency_keys_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
