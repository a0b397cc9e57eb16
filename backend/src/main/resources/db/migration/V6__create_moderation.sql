-- Reports from anyone (anonymous included) and the log of every moderation action.
CREATE TABLE report (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id    VARCHAR(24)   NOT NULL,
    target_type  VARCHAR(20)   NOT NULL,            -- group (message, event… later)
    target_id    VARCHAR(40)   NOT NULL,            -- the target's public id
    reason       VARCHAR(40)   NOT NULL,
    text         VARCHAR(2000) NULL,
    reporter_id  BIGINT        NULL,
    status       VARCHAR(12)   NOT NULL,            -- OPEN, CLOSED
    created_at   DATETIME(6)   NOT NULL,
    closed_at    DATETIME(6)   NULL,
    closed_by    BIGINT        NULL,
    UNIQUE KEY uk_report_public_id (public_id),
    KEY idx_report_status (status, created_at),
    KEY idx_report_target (target_type, target_id),
    CONSTRAINT fk_report_reporter FOREIGN KEY (reporter_id) REFERENCES person (id) ON DELETE SET NULL,
    CONSTRAINT fk_report_closed_by FOREIGN KEY (closed_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE audit_log (
    id           BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    actor_id     BIGINT        NULL,
    action       VARCHAR(40)   NOT NULL,
    target_type  VARCHAR(20)   NOT NULL,
    target_id    VARCHAR(40)   NOT NULL,
    reason       VARCHAR(500)  NULL,
    created_at   DATETIME(6)   NOT NULL,
    KEY idx_audit_log_created (created_at),
    KEY idx_audit_log_target (target_type, target_id),
    CONSTRAINT fk_audit_log_actor FOREIGN KEY (actor_id) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
