-- Erasing a person used to delete their memberships by cascade without recounting the groups they
-- belonged to (fixed in groups.MembershipService): every group's member count is taken again once.
UPDATE support_group g
   SET g.member_count = (SELECT COUNT(*) FROM group_membership m WHERE m.group_id = g.id);
