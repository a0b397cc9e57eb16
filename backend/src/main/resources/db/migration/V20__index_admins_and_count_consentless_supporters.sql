-- The start-up sync of admin flags reads only the admins and the listed addresses (index merge of
-- this index and uk_person_email) instead of scanning and locking every row (2 s at a million).
ALTER TABLE person ADD KEY idx_person_admin (admin);

-- Confirmed supporters left without a sign-up consent by the defect V19 fixed: counted once, here
-- (4 s at a million people), rather than at every start; the first node to start logs it.
INSERT INTO job_run (name, started_at, report)
SELECT 'consent-audit-v19', UTC_TIMESTAMP(6), CAST(COUNT(*) AS CHAR)
  FROM person p
 WHERE p.status = 'CONFIRMED'
   AND NOT EXISTS (SELECT 1 FROM consent c WHERE c.person_id = p.id AND c.purpose = 'signup');
