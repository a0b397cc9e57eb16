-- A group named co-host of another group's action must accept before the action shows in its
-- calendar, its page and its listings. Invitations made before this migration were never accepted:
-- they wait for the co-host's managers like new ones (the action stays on its own group's calendar).
ALTER TABLE event_cohost
    ADD COLUMN status      VARCHAR(10) NOT NULL DEFAULT 'PENDING',   -- PENDING, ACCEPTED, DECLINED
    ADD COLUMN invited_at  DATETIME(6) NULL,
    ADD COLUMN answered_at DATETIME(6) NULL,
    ADD KEY idx_event_cohost_group_status (group_id, status);
