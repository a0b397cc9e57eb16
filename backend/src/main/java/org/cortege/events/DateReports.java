package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.RichText;
import org.cortege.shared.Sql;

/**
 * What happened at a date, as the group's managers tell it once the date has begun: a short text in Markdown, shown
 * sanitized on the action's page to everyone who can see the action. Written again, it replaces the former text;
 * emptied, it goes.
 */
@Singleton
public class DateReports {

    static final int MAX_LENGTH = 5000;

    private final Sql sql;
    private final EventService events;
    private final EventRepository eventRows;
    private final RichText richText;
    private final EventNotifier notifier;

    DateReports(Sql sql, EventService events, EventRepository eventRows, RichText richText, EventNotifier notifier) {
        this.sql = sql;
        this.notifier = notifier;
        this.events = events;
        this.eventRows = eventRows;
        this.richText = richText;
    }

    /** A report as the page shows it: its sanitized HTML, and its Markdown for the managers who edit it. */
    record Report(String html, String markdown, Instant writtenAt) {
    }

    /**
     * Writes (or, with an empty text, removes) a date's report.
     *
     * @throws ApiException 403 unless a manager of the action's group (or an admin); 409 before the date begins or on a
     *                      cancelled or hidden date; 400 past {@value #MAX_LENGTH} characters
     */
    @Transactional
    public void write(Person actor, String occurrenceId, @Nullable String text) {
        Occurrence o = events.findOccurrence(occurrenceId);
        events.requireManager(actor, eventRows.findById(o.eventId()).orElseThrow());
        if (!Occurrence.ON.equals(o.state())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-cancelled", "problem.eventCancelled");
        }
        if (o.startsAt().isAfter(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-not-started", "problem.eventNotStarted");
        }
        String md = text == null ? "" : text.strip();
        if (md.length() > MAX_LENGTH) {
            throw ApiException.invalidField("text", "validation.Size", 0, MAX_LENGTH);
        }
        if (md.isEmpty()) {
            sql.update("DELETE FROM event_report WHERE occurrence_id = ?", List.of(o.id()));
            return;
        }
        Timestamp now = Timestamp.from(Instant.now());
        int written = sql.update("INSERT INTO event_report (occurrence_id, body_md, body_html, written_by, written_at) VALUES (?, ?, ?, ?, ?) "
                + "ON DUPLICATE KEY UPDATE body_md = VALUES(body_md), body_html = VALUES(body_html), written_by = VALUES(written_by), "
                + "written_at = VALUES(written_at)", List.of(o.id(), md, richText.toHtml(md), actor.id(), now));
        if (written == 1) { // a first report (1: inserted; 2: changed; 0: the same text again)
            notifier.reported(eventRows.findById(o.eventId()).orElseThrow(), o, actor.id());
        }
    }

    /** The reports of these dates, by date. */
    Map<Long, Report> of(List<Long> occurrenceIds) {
        Map<Long, Report> reports = new HashMap<>();
        if (!occurrenceIds.isEmpty()) {
            sql.each("SELECT occurrence_id, body_html, body_md, written_at FROM event_report WHERE occurrence_id IN ("
                    + Sql.marks(occurrenceIds.size()) + ")", occurrenceIds, rs -> reports.put(rs.getLong(1),
                    new Report(rs.getString(2), rs.getString(3), rs.getTimestamp(4).toInstant())));
        }
        return reports;
    }

    /** For a person's export: the reports they wrote (title of the action, slug, when), newest first. */
    public record Written(String title, String slug, Instant writtenAt) {
    }

    @Transactional(readOnly = true)
    public List<Written> writtenBy(Long personId, int limit) {
        return sql.list("SELECT e.title, e.slug, r.written_at FROM event_report r JOIN event_occurrence o ON o.id = r.occurrence_id "
                + "JOIN event e ON e.id = o.event_id WHERE r.written_by = ? ORDER BY r.written_at DESC LIMIT ?", List.of(personId, limit),
                rs -> new Written(rs.getString(1), rs.getString(2), rs.getTimestamp(3).toInstant()));
    }
}
