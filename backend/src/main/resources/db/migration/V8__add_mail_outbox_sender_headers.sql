-- Mails written on behalf of a group: its name as sender name, its contact as Reply-To, and a
-- one-click List-Unsubscribe (RFC 8058) for everything that is not transactional.
ALTER TABLE mail_outbox
    ADD COLUMN from_name        VARCHAR(120) NULL AFTER recipient,
    ADD COLUMN reply_to         VARCHAR(254) NULL AFTER from_name,
    ADD COLUMN list_unsubscribe VARCHAR(500) NULL AFTER transactional;

-- A per-instance secret, made by the first node that starts, for links that act without a session.
CREATE TABLE instance_secret (
    name        VARCHAR(40) NOT NULL PRIMARY KEY,
    secret      CHAR(64)    NOT NULL,
    created_at  DATETIME(6) NOT NULL
) ENGINE=InnoDB;
