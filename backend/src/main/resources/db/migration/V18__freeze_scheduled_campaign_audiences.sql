-- A campaign's audience is frozen when it is scheduled (its segment's rule copied into
-- campaign.rule): editing or deleting the segment no longer changes who receives a waiting
-- mailing. Campaigns already scheduled or running get their segment's rule now.
UPDATE campaign c JOIN segment s ON s.id = c.segment_id
   SET c.rule = s.definition
 WHERE c.status IN ('SCHEDULED', 'SENDING') AND c.rule IS NULL;
