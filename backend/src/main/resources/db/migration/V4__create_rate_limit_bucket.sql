-- Bucket4j token buckets shared by all app nodes (ids are hashes, never an IP or an email).
CREATE TABLE rate_limit_bucket (
    id          VARCHAR(80) NOT NULL PRIMARY KEY,
    state       BLOB        NULL,
    expires_at  BIGINT      NULL,
    KEY idx_rate_limit_bucket_expires (expires_at)
) ENGINE=InnoDB;
