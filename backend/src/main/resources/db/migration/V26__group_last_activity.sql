-- Without a place, the groups list shows the liveliest first: the last time something happened in
-- the group (founded, joined, a message to its members, an action published), then its size.
-- Written by GroupService.recordActivity; filled here from what the tables already tell.
ALTER TABLE support_group ADD COLUMN last_activity_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6);
UPDATE support_group g SET last_activity_at = GREATEST(g.created_at,
    COALESCE((SELECT MAX(m.joined_at) FROM group_membership m WHERE m.group_id = g.id), g.created_at),
    COALESCE((SELECT MAX(e.created_at) FROM event e WHERE e.group_id = g.id), g.created_at));
CREATE INDEX idx_support_group_activity ON support_group (status, last_activity_at);
