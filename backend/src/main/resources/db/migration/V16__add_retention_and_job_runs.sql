-- Retention of inactive contacts: when a person was told their account would be erased for
-- inactivity (cleared as soon as they are active again), and daily jobs that must run on one node.
-- admin_granted: made an admin by the operator (cortege.jar create-admin), on top of CORTEGE_ADMIN_EMAILS.
ALTER TABLE person
    ADD COLUMN retention_notice_at DATETIME(6) NULL,
    ADD COLUMN admin_granted BOOLEAN NOT NULL DEFAULT FALSE,
    ADD KEY idx_person_retention_notice (retention_notice_at);

CREATE TABLE job_run (
    name         VARCHAR(40)  NOT NULL PRIMARY KEY,
    started_at   DATETIME(6)  NULL,
    finished_at  DATETIME(6)  NULL,
    report       VARCHAR(500) NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

-- The admins' access log reads audit entries by action, newest first.
ALTER TABLE audit_log ADD KEY idx_audit_log_action (action, id);
