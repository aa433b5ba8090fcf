-- The signed-in gauge of each window (contract WindowResult.signedIn): distinct users with a session open at the
-- window's end in event time. Rows written before it read 0.
ALTER TABLE window_stats ADD COLUMN signed_in BIGINT NOT NULL DEFAULT 0 AFTER active_users;
