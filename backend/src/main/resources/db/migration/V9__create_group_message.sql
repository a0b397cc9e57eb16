-- What managers write to their members, kept so that a recipient can report it and moderators read it.
CREATE TABLE group_message (
    id          BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id   VARCHAR(24)   NOT NULL,
    group_id    BIGINT        NOT NULL,
    author_id   BIGINT        NULL,
    subject     VARCHAR(150)  NOT NULL,
    body        TEXT          NOT NULL,
    recipients  INT           NOT NULL,
    created_at  DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_group_message_public_id (public_id),
    KEY idx_group_message_group (group_id, created_at),
    CONSTRAINT fk_group_message_group FOREIGN KEY (group_id) REFERENCES support_group (id) ON DELETE CASCADE,
    CONSTRAINT fk_group_message_author FOREIGN KEY (author_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
