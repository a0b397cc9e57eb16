-- Mass mailings to a segment. A campaign's recipients are fixed when it starts (one row per person,
-- the primary key making a second row impossible); the runner moves each from PENDING to QUEUED in
-- the same transaction that writes its mail to the outbox, so a restart resumes where it stopped
-- and nobody gets the same campaign twice.
CREATE TABLE campaign (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    public_id        VARCHAR(24)   NOT NULL,
    subject          VARCHAR(200)  NOT NULL,
    body_md          MEDIUMTEXT    NOT NULL,
    locale           CHAR(2)       NOT NULL,
    segment_id       BIGINT        NULL,             -- evaluated when sending starts
    rule             TEXT          NULL,             -- or a rule of its own
    scope            VARCHAR(400)  NULL,             -- the départements of the organizer who wrote it; NULL: an admin's
    status           VARCHAR(12)   NOT NULL,         -- DRAFT, SCHEDULED, SENDING, SENT, CANCELLED
    scheduled_at     DATETIME(6)   NULL,
    started_at       DATETIME(6)   NULL,
    finished_at      DATETIME(6)   NULL,
    recipient_count  INT           NOT NULL DEFAULT 0,
    sent_count       INT           NOT NULL DEFAULT 0,
    failed_count     INT           NOT NULL DEFAULT 0,
    created_by       BIGINT        NULL,
    created_at       DATETIME(6)   NOT NULL,
    updated_at       DATETIME(6)   NOT NULL,
    UNIQUE KEY uk_campaign_public_id (public_id),
    KEY idx_campaign_due (status, scheduled_at),
    CONSTRAINT fk_campaign_segment FOREIGN KEY (segment_id) REFERENCES segment (id) ON DELETE SET NULL,
    CONSTRAINT fk_campaign_created_by FOREIGN KEY (created_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;

CREATE TABLE campaign_recipient (
    campaign_id  BIGINT       NOT NULL,
    person_id    BIGINT       NOT NULL,
    status       VARCHAR(10)  NOT NULL,              -- PENDING, QUEUED, SKIPPED (consent withdrawn meanwhile)
    queued_at    DATETIME(6)  NULL,
    PRIMARY KEY (campaign_id, person_id),
    KEY idx_campaign_recipient_status (campaign_id, status, person_id),
    KEY idx_campaign_recipient_person (person_id),
    CONSTRAINT fk_campaign_recipient_campaign FOREIGN KEY (campaign_id) REFERENCES campaign (id) ON DELETE CASCADE,
    CONSTRAINT fk_campaign_recipient_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4;

-- Which campaign a mail belongs to: its delivery counts toward the campaign's figures.
ALTER TABLE mail_outbox ADD COLUMN campaign_id BIGINT NULL, ADD KEY idx_mail_outbox_campaign (campaign_id, status);
