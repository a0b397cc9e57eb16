-- Written in the same transaction as the change that causes the mail; MailSender delivers it.
CREATE TABLE mail_outbox (
    id               BIGINT        NOT NULL AUTO_INCREMENT PRIMARY KEY,
    person_id        BIGINT        NULL,
    recipient        VARCHAR(254)  NOT NULL,
    template         VARCHAR(40)   NOT NULL,
    locale           CHAR(2)       NOT NULL,
    subject          VARCHAR(255)  NOT NULL,
    body_text        MEDIUMTEXT    NOT NULL,
    body_html        MEDIUMTEXT    NOT NULL,
    transactional    BOOLEAN       NOT NULL DEFAULT TRUE,
    status           VARCHAR(10)   NOT NULL,          -- PENDING, SENT, FAILED
    attempts         INT           NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)   NOT NULL,
    created_at       DATETIME(6)   NOT NULL,
    sent_at          DATETIME(6)   NULL,
    last_error       VARCHAR(500)  NULL,
    KEY idx_mail_outbox_due (status, next_attempt_at),
    KEY idx_mail_outbox_person (person_id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
