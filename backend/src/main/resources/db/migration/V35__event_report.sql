-- What happened at a date, written by the group's managers after it began (Markdown, and its sanitized HTML shown on
-- the action's page). Its author is kept while they exist: an erased author leaves the report, no longer theirs.
CREATE TABLE event_report (
    occurrence_id BIGINT       NOT NULL PRIMARY KEY,
    body_md       TEXT         NOT NULL,
    body_html     TEXT         NOT NULL,
    written_by    BIGINT       NULL,
    written_at    DATETIME(6)  NOT NULL,
    KEY idx_event_report_author (written_by),
    CONSTRAINT fk_event_report_occurrence FOREIGN KEY (occurrence_id) REFERENCES event_occurrence (id) ON DELETE CASCADE,
    CONSTRAINT fk_event_report_author FOREIGN KEY (written_by) REFERENCES person (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_unicode_ci;
