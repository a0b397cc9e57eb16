-- A mail to a person goes when the person goes (erasure, purge of an unconfirmed sign-up):
-- no mail may leave for someone who is no longer in the database.
DELETE FROM mail_outbox WHERE person_id IS NOT NULL AND person_id NOT IN (SELECT id FROM person);
ALTER TABLE mail_outbox
    ADD CONSTRAINT fk_mail_outbox_person FOREIGN KEY (person_id) REFERENCES person (id) ON DELETE CASCADE;
