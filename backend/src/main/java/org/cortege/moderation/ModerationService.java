package org.cortege.moderation;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.cortege.events.Event;
import org.cortege.events.EventService;
import org.cortege.groups.GroupMessage;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.mail.MailService;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.SessionService;
import org.cortege.shared.ApiException;
import org.cortege.shared.Tokens;

/**
 * After-the-fact moderation: reports from anyone, hiding and restoring groups, bans. Nothing here
 * runs before publication. Every action lands in the audit log with who and why.
 */
@Singleton
public class ModerationService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final ReportRepository reports;
    private final AuditRepository audit;
    private final GroupService groups;
    private final org.cortege.groups.GroupMessageService groupMessages;
    private final PersonService people;
    private final SessionService sessions;
    private final MailService mail;
    private final EventService events;
    private final AuditLog auditLog;
    private final io.micronaut.context.event.ApplicationEventPublisher<Moderated> moderated;

    ModerationService(ReportRepository reports, AuditRepository audit, GroupService groups, PersonService people,
                      SessionService sessions, MailService mail, EventService events, AuditLog auditLog,
                      org.cortege.groups.GroupMessageService groupMessages, org.cortege.shared.Sql personalSql,
                      io.micronaut.context.event.ApplicationEventPublisher<Moderated> moderated) {
        this.personalSql = personalSql;
        this.moderated = moderated;
        this.groupMessages = groupMessages;
        this.auditLog = auditLog;
        this.reports = reports;
        this.audit = audit;
        this.groups = groups;
        this.people = people;
        this.sessions = sessions;
        this.mail = mail;
        this.events = events;
    }

    /**
     * Files a report from anyone (reporter null: anonymous).
     *
     * @throws ApiException 404 when the target does not exist
     */
    @Transactional
    public void report(ReportCommand c, Person reporter) {
        String targetId;
        Moderated news;
        switch (c.targetType()) {
            case "message" -> {
                GroupMessage m = groupMessages.findMessage(c.targetId())
                        .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "message-not-found", "problem.messageNotFound"));
                SupportGroup g = groups.find(m.groupPublicId());
                targetId = m.publicId();
                news = new Moderated(Moderated.What.REPORTED, "message", g.id(), m.subject(), "/groupes/" + g.slug());
            }
            case "event" -> {
                Event e = events.find(c.targetId());
                targetId = e.publicId();
                news = new Moderated(Moderated.What.REPORTED, "event", e.groupId(), e.title(), "/actions/" + e.slug());
            }
            default -> {
                SupportGroup g = groups.find(c.targetId());
                targetId = g.publicId();
                news = new Moderated(Moderated.What.REPORTED, "group", g.id(), g.name(), "/groupes/" + g.slug());
            }
        }
        String text = c.text() == null || c.text().isBlank() ? null : c.text().strip();
        reports.save(new Report(null, Tokens.newPublicId(), c.targetType(), targetId, c.reason(), text,
                reporter == null ? null : reporter.id(), ReportStatus.OPEN, Instant.now(), null, null));
        moderated.publishEvent(news);
    }

    /** Open (or closed) reports, oldest first, 50 a page. */
    public List<ReportView> queue(ReportStatus status, int page) {
        return reports.findByStatusOldestFirst(status, 50, (page - 1) * 50).stream().map(r -> {
            GroupMessage message = "message".equals(r.targetType()) ? groupMessages.findMessage(r.targetId()).orElse(null) : null;
            Event event = "event".equals(r.targetType()) ? events.find(r.targetId()) : null;
            SupportGroup g = event != null ? groups.findById(event.groupId()).orElseThrow()
                    : groups.find(message != null ? message.groupPublicId() : r.targetId());
            Long authorId = message != null ? message.authorId() : event != null ? event.createdBy() : g.createdBy();
            Person author = authorId == null ? null : people.findAny(authorId).orElse(null);
            return new ReportView(r.publicId(), r.targetType(), r.targetId(), g.publicId(), g.name(), g.slug(), g.status(),
                    message == null ? null : message.subject(), message == null ? null : message.body(),
                    event == null ? null : event.publicId(), event == null ? null : event.title(), event == null ? null : event.slug(),
                    event == null ? null : event.status(),
                    author == null ? null : author.publicId(), author == null ? null : author.firstName() + " " + author.lastName(),
                    r.reason(), r.text(), r.reporterId() == null, r.status(), r.createdAt());
        }).toList();
    }

    /** Hides a group and closes its open reports. */
    @Transactional
    public void hideGroup(Person admin, String groupId, String reason) {
        SupportGroup g = groups.hide(groupId, reason);
        reports.closeAllFor("group", g.publicId(), admin.id(), Instant.now());
        moderated.publishEvent(new Moderated(Moderated.What.HIDDEN, "group", g.id(), g.name(), "/groupes/" + g.slug()));
        log(admin, "group.hide", "group", g.publicId(), reason);
    }

    @Transactional
    public void restoreGroup(Person admin, String groupId, String reason) {
        SupportGroup g = groups.restore(groupId);
        log(admin, "group.restore", "group", g.publicId(), reason);
    }

    /** Hides an action (gone from lists, the map, calendars and counters) and closes its open reports. */
    @Transactional
    public void hideEvent(Person admin, String eventId, String reason) {
        Event e = events.hide(eventId, reason);
        reports.closeAllFor("event", e.publicId(), admin.id(), Instant.now());
        moderated.publishEvent(new Moderated(Moderated.What.HIDDEN, "event", e.groupId(), e.title(), "/actions/" + e.slug()));
        log(admin, "event.hide", "event", e.publicId(), reason);
    }

    @Transactional
    public void restoreEvent(Person admin, String eventId, String reason) {
        Event e = events.restore(eventId);
        log(admin, "event.restore", "event", e.publicId(), reason);
    }

    /** Closes a report without acting on its target (it was unfounded). */
    @Transactional
    public void closeReport(Person admin, String reportId, String reason) {
        Report r = reports.findByPublicId(reportId)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "report-not-found", "problem.reportNotFound"));
        reports.close(r.id(), admin.id(), Instant.now());
        log(admin, "report.close", "report", r.publicId(), reason);
    }

    /**
     * Bans a person: status BANNED, sessions ended, pending mails dropped, the groups they founded
     * and the actions they published hidden (each logged). Sign-up and login with their address then do nothing.
     *
     * @throws ApiException 404 for an unknown person, 409 for an admin (remove them from CORTEGE_ADMIN_EMAILS first)
     */
    @Transactional
    public void ban(Person admin, String personId, String reason) {
        Person target = people.findByPublicId(personId)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound"));
        if (target.admin()) {
            throw ApiException.of(HttpStatus.CONFLICT, "ban-admin", "problem.banAdmin");
        }
        people.ban(target.id());
        sessions.closeAll(target.id());
        mail.cancelPendingFor(target.id());
        for (String groupId : groups.hideAllFoundedBy(target.id(), "ban: " + reason)) { // "ban:": a reason about a person, for admins only
            log(admin, "group.hide", "group", groupId, "ban: " + reason);
        }
        for (String eventId : events.hideAllCreatedBy(target.id(), "ban: " + reason)) {
            log(admin, "event.hide", "event", eventId, "ban: " + reason);
        }
        log(admin, "person.ban", "person", target.publicId(), reason);
    }

    /** The last 100 moderation acts, each naming its group, action or person (erased ones stay as ids). */
    public List<AuditView> auditLog(int page) {
        java.util.Map<String, String[]> names = new java.util.HashMap<>();
        return audit.findNewestFirst(100, (page - 1) * 100).stream().map(auditLog::view).map(v -> {
            String[] name = names.computeIfAbsent(v.targetType() + ":" + v.targetId(), k -> nameOf(v.targetType(), v.targetId()));
            return v.naming(name[0], name[1]);
        }).toList();
    }

    private String[] nameOf(String type, String id) {
        try {
            return switch (type) {
                case "group" -> {
                    SupportGroup g = groups.find(id);
                    yield new String[] {g.name(), "/groupes/" + g.slug()};
                }
                case "event" -> {
                    Event e = events.find(id);
                    yield new String[] {e.title(), "/actions/" + e.slug()};
                }
                case "person" -> people.findByPublicId(id).map(p -> new String[] {p.firstName() + " " + p.lastName(), "/admin/contacts/" + id})
                        .orElse(new String[] {null, null});
                default -> new String[] {null, null};
            };
        } catch (org.cortege.shared.ApiException gone) {
            return new String[] {null, null};
        }
    }

    private void log(Person actor, String action, String targetType, String targetId, String reason) {
        auditLog.record(actor, action, targetType, targetId, reason);
    }

    /** A report someone made. */
    public record ReportBy(String targetType, String targetId, String reason, @io.micronaut.core.annotation.Nullable String text,
                           java.time.Instant at) {
    }

    /** The reports a person made, the latest first, at most {@code limit}. */
    public List<ReportBy> reportsBy(Long personId, int limit) {
        return personalSql.list("SELECT target_type, target_id, reason, text, created_at FROM report WHERE reporter_id = ? "
                + "ORDER BY id DESC LIMIT ?", List.of(personId, limit), rs -> new ReportBy(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), rs.getTimestamp(5).toInstant()));
    }
}
