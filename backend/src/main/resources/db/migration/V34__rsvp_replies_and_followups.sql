-- From "I'll come" to "I came" (issue 16). An answer confirmed again from the day-before reminder's
-- signed link (reconfirmed_at: those get the last reminder a few hours before), and what the
-- participant said after the date: came (TRUE) or could not (FALSE), NULL while unsaid. The organizer's
-- own mark stays in `attended`.
ALTER TABLE event_rsvp
    ADD COLUMN reconfirmed_at DATETIME(6) NULL,
    ADD COLUMN came_said      BOOLEAN     NULL,
    ADD COLUMN came_said_at   DATETIME(6) NULL;

-- The last reminder (to those who confirmed again) and the follow-up after the date ("were you
-- there?"), each sent once per date whatever the number of nodes, as the first reminder.
ALTER TABLE event_occurrence
    ADD COLUMN last_reminder_sent_at DATETIME(6) NULL,
    ADD COLUMN followup_sent_at      DATETIME(6) NULL,
    ADD KEY idx_event_occurrence_last_reminder (last_reminder_sent_at, state, starts_at),
    ADD KEY idx_event_occurrence_followup (followup_sent_at, state, ends_at);
