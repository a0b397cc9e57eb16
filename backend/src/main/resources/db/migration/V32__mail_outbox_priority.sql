-- Mail that someone waits for (a sign-in code, a confirmation, an answer) goes before mail sent in
-- bulk (mailings, first-contact notices of imported people, retention notices, group messages): a
-- large import or mailing can no longer hold sign-in codes back for hours. 0: urgent, 1: bulk.
ALTER TABLE mail_outbox
    ADD COLUMN priority TINYINT NOT NULL DEFAULT 0,
    ADD KEY idx_mail_outbox_due_priority (status, priority, next_attempt_at),
    DROP KEY idx_mail_outbox_due;
UPDATE mail_outbox SET priority = 1 WHERE campaign_id IS NOT NULL;
