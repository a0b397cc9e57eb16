-- The "thank you" mail after a participant says they came, with their group's next actions: sent once per answer
-- (a second "I came", or a change of mind and back, sends no second mail).
ALTER TABLE event_rsvp
    ADD COLUMN thanked_at DATETIME(6) NULL;
