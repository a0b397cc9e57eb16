-- A group hidden because its founder was banned carries the ban's reason, which is about a person:
-- marked "ban:" like the actions hidden by a ban, so that the group's other managers (who may now read
-- their hidden group) are not shown it. Admins still read it whole.
UPDATE support_group g JOIN person p ON p.id = g.created_by
   SET g.hidden_reason = CONCAT('ban: ', COALESCE(g.hidden_reason, ''))
 WHERE g.status = 'HIDDEN' AND p.status = 'BANNED' AND (g.hidden_reason IS NULL OR g.hidden_reason NOT LIKE 'ban:%');
