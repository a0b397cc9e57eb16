package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A person's GDPR rights over what the instance holds: access and portability ({@link #export}),
 * erasure ({@link #erase}). Rectification is the profile form ({@code PATCH /api/me}); withdrawing
 * the mailing consent is {@link PersonService#withdrawEmailConsent}.
 */
@Singleton
public class PersonalDataService {

    private static final Logger LOG = LoggerFactory.getLogger(PersonalDataService.class);
    /** Audit actions that are staff reading or changing a person's record (shown to that person). */
    static final List<String> STAFF_ACCESS = List.of("person.view", "person.update", "person.territories", "person.erase");
    /** What the access log shows: those, and staff exporting, importing or browsing people in bulk. */
    static final List<String> ACCESS_ACTIONS = java.util.stream.Stream.concat(STAFF_ACCESS.stream(),
            java.util.stream.Stream.of("export.start", "import.start", "people.search")).toList();
    private static final int LIMIT = 5000;

    private final Sql sql;
    private final PersonService people;
    private final AuditLog audit;
    private final org.cortege.events.RsvpService rsvps;
    private final org.cortege.mail.MailService mail;
    private final org.cortege.groups.GroupService groups;
    private final org.cortege.groups.MembershipService memberships;
    private final org.cortege.admin.csv.ImportService imports;
    private final InstanceSettings settings;
    private final Clock clock;

    PersonalDataService(Sql sql, PersonService people, AuditLog audit, InstanceSettings settings, org.cortege.events.RsvpService rsvps,
                        org.cortege.mail.MailService mail, org.cortege.groups.GroupService groups,
                        org.cortege.groups.MembershipService memberships, org.cortege.admin.csv.ImportService imports) {
        this.rsvps = rsvps;
        this.mail = mail;
        this.groups = groups;
        this.memberships = memberships;
        this.imports = imports;
        this.sql = sql;
        this.people = people;
        this.audit = audit;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** Everything held about the person, each list capped at 5 000 entries (newest first). */
    @Transactional(readOnly = true)
    public PersonalData export(Person person) {
        Person p = people.findAny(person.id()).orElseThrow(PersonalDataService::gone);
        List<Object> id = List.of(p.id());
        Instant lastAttended = sql.list("SELECT last_attended_at FROM person WHERE id = ?", id, rs -> instant(rs, 1)).get(0);
        var profile = new PersonalData.Profile(p.publicId(), p.email(), p.firstName(), p.lastName(), p.phone(), p.birthDate(),
                p.country(), p.postalCode(), p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(), p.locale(),
                p.status().toLowerCase(java.util.Locale.ROOT), p.source(), p.emailConsent(), p.createdAt(), p.confirmedAt(),
                p.lastActiveAt(), lastAttended);
        var consents = people.consents(p.id()).stream().map(c -> new PersonalData.Consent(c.purpose(), c.version(), c.locale(),
                c.wording(), c.givenAt(), c.withdrawnAt())).toList();
        var groups = sql.list("SELECT g.name, g.slug, m.role, m.share_contact, m.share_contact_at, m.joined_at "
                + "FROM group_membership m JOIN support_group g ON g.id = m.group_id WHERE m.person_id = ? "
                + "ORDER BY m.joined_at DESC LIMIT " + LIMIT, id, rs -> new PersonalData.Membership(rs.getString(1),
                link("/groupes/", rs.getString(2)), rs.getString(3).toLowerCase(java.util.Locale.ROOT), rs.getBoolean(4),
                instant(rs, 5), instant(rs, 6)));
        var actions = sql.list("SELECT e.title, e.slug, o.starts_at, r.status, r.share_contact, r.attended, r.created_at "
                + "FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id JOIN event e ON e.id = o.event_id "
                + "WHERE r.person_id = ? OR r.guest_email = ? ORDER BY r.created_at DESC LIMIT " + LIMIT, List.of(p.id(), p.email()),
                rs -> new PersonalData.Answer(rs.getString(1), link("/actions/", rs.getString(2)), instant(rs, 3),
                        rs.getString(4).toLowerCase(java.util.Locale.ROOT), rs.getBoolean(5), rs.getBoolean(6), instant(rs, 7)));
        var founded = sql.list("SELECT name, slug, created_at FROM support_group WHERE created_by = ? ORDER BY id DESC LIMIT " + LIMIT,
                id, rs -> new PersonalData.Created(rs.getString(1), link("/groupes/", rs.getString(2)), instant(rs, 3)));
        var published = sql.list("SELECT title, slug, created_at FROM event WHERE created_by = ? ORDER BY id DESC LIMIT " + LIMIT,
                id, rs -> new PersonalData.Created(rs.getString(1), link("/actions/", rs.getString(2)), instant(rs, 3)));
        var messages = sql.list("SELECT g.name, m.subject, m.body, m.recipients, m.created_at FROM group_message m "
                + "JOIN support_group g ON g.id = m.group_id WHERE m.author_id = ? ORDER BY m.id DESC LIMIT " + LIMIT, id,
                rs -> new PersonalData.Message(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4), instant(rs, 5)));
        var reports = sql.list("SELECT target_type, target_id, reason, text, created_at FROM report WHERE reporter_id = ? "
                + "ORDER BY id DESC LIMIT " + LIMIT, id, rs -> new PersonalData.ReportMade(rs.getString(1), rs.getString(2),
                rs.getString(3), rs.getString(4), instant(rs, 5)));
        var tags = sql.list("SELECT t.name, pt.tagged_at FROM person_tag pt JOIN tag t ON t.id = pt.tag_id WHERE pt.person_id = ? "
                + "ORDER BY pt.tagged_at DESC LIMIT " + LIMIT, id, rs -> new PersonalData.Dated(rs.getString(1), null, instant(rs, 2)));
        var imports = sql.list("SELECT i.file_name, ip.action, COALESCE(i.finished_at, i.created_at) FROM contact_import_person ip "
                + "JOIN contact_import i ON i.id = ip.import_id WHERE ip.person_id = ? ORDER BY i.id DESC LIMIT " + LIMIT, id,
                rs -> new PersonalData.Dated(rs.getString(1), rs.getString(2).toLowerCase(java.util.Locale.ROOT), instant(rs, 3)));
        var mails = sql.list("SELECT subject, transactional, status, created_at, sent_at FROM mail_outbox "
                + "WHERE person_id = ? OR recipient = ? ORDER BY id DESC LIMIT " + LIMIT, List.of(p.id(), p.email()),
                rs -> new PersonalData.Mail(rs.getString(1), rs.getBoolean(2) ? "transactional" : "mailing",
                        rs.getString(3).toLowerCase(java.util.Locale.ROOT), instant(rs, 4), instant(rs, 5)));
        var sessions = sql.list("SELECT created_at, last_seen_at, expires_at FROM user_session WHERE person_id = ? "
                + "ORDER BY id DESC LIMIT " + LIMIT, id, rs -> new PersonalData.Session(instant(rs, 1), instant(rs, 2), instant(rs, 3)));
        Instant feed = sql.list("SELECT created_at FROM calendar_feed WHERE person_id = ?", id, rs -> instant(rs, 1))
                .stream().findFirst().orElse(null);
        var access = sql.list("SELECT action, reason, created_at FROM audit_log WHERE target_type = 'person' AND target_id = ? "
                + "AND action IN (" + Sql.marks(STAFF_ACCESS.size()) + ") ORDER BY id DESC LIMIT " + LIMIT,
                concat(p.publicId(), STAFF_ACCESS), rs -> new PersonalData.StaffAccess(rs.getString(1), rs.getString(2), instant(rs, 3)));
        return new PersonalData(clock.instant(), settings.organizationName(), settings.privacyContact(), profile,
                people.interestsOf(p.id()), consents, groups, actions, founded, published, messages, reports, tags, imports,
                mails, sessions, feed, access);
    }

    private static final int ACCESS_PAGE = 50;

    /**
     * One access: by whom ({@code actorKind}: staff, self for a person erasing their own account,
     * retention for the inactive contacts pass, erased for a staff member erased since), what, about
     * which person or file.
     */
    @io.micronaut.serde.annotation.Serdeable
    public record Access(Instant at, String actorKind, @Nullable String actor, @Nullable String actorId, String action,
                  String targetType, String targetId, @Nullable String target, @Nullable String detail) {
    }

    @io.micronaut.serde.annotation.Serdeable
    public record AccessPage(List<Access> items, long total, int page, int size) {
    }

    /** One page (50 entries, newest first) of the access log; {@code actor}: one staff member's public id, or null. */
    @Transactional(readOnly = true)
    public AccessPage accessLog(int page, @Nullable String actor) {
        StringBuilder where = new StringBuilder("a.action IN (" + Sql.marks(ACCESS_ACTIONS.size()) + ")");
        List<Object> params = new java.util.ArrayList<>(ACCESS_ACTIONS);
        if (actor != null && !actor.isBlank()) {
            where.append(" AND a.actor_id = (SELECT id FROM person WHERE public_id = ?)");
            params.add(actor.strip());
        }
        long total = sql.number("SELECT COUNT(*) FROM audit_log a WHERE " + where, params);
        List<Object> pageParams = new java.util.ArrayList<>(params);
        pageParams.add(ACCESS_PAGE);
        pageParams.add((page - 1) * ACCESS_PAGE);
        List<Access> items = sql.list("SELECT a.created_at, CONCAT(s.first_name, ' ', s.last_name), s.public_id, a.action, "
                + "a.target_type, a.target_id, CONCAT(t.first_name, ' ', t.last_name), a.reason FROM audit_log a "
                + "LEFT JOIN person s ON s.id = a.actor_id "
                + "LEFT JOIN person t ON a.target_type = 'person' AND t.public_id = a.target_id "
                + "WHERE " + where + " ORDER BY a.id DESC LIMIT ? OFFSET ?", pageParams,
                rs -> new Access(rs.getTimestamp(1).toInstant(), actorKind(rs.getString(3), rs.getString(4), rs.getString(8)),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8)));
        return new AccessPage(items, total, page, ACCESS_PAGE);
    }

    private static String actorKind(@Nullable String actorId, String action, @Nullable String reason) {
        if (actorId != null) {
            return "staff";
        }
        if ("person.erase".equals(action) && "by the person".equals(reason)) {
            return "self";
        }
        if ("person.erase".equals(action) && reason != null && reason.startsWith("inactive")) {
            return "retention";
        }
        return "erased";
    }

    /** Who asked for an erasure: the person themself, or an admin acting on their written request. */
    public enum Requester { SELF, ADMIN }

    /**
     * Erases the person within this transaction: their row and everything that hangs on it (sessions,
     * tokens, consents, interests, memberships, tags, mailings and their recipients list, calendar
     * feed), mails to their address whatever their state (pending ones are thereby cancelled), their
     * address as the Reply-To of their messages to a group, their
     * visitor answers under the same address, the address as a group's contact, imported files that
     * held them. What they wrote for others (group messages, reports, groups and actions they
     * published) stays, no longer linked to them. Their answers to actions stay counted, anonymous.
     * A group left without a manager gets its longest-standing member as manager. The audit log
     * records the erasure by the person's public id only.
     *
     * @param admin the admin acting, or null when the person erases their own account
     * @throws ApiException 404 when the person is already gone
     */
    @Transactional
    public void erase(Person person, @Nullable Person admin) {
        erase(person, admin, admin == null ? "by the person" : "by an admin on request");
    }

    /**
     * Erases a person who stayed inactive past the retention period and its notice (see
     * {@link InactiveContacts}); as {@link #erase(Person, Person)}.
     */
    @Transactional
    public void eraseInactive(Person person) {
        erase(person, null, "inactive past the retention period");
    }

    private void erase(Person person, @Nullable Person admin, String why) {
        Person p = people.lockForErasure(person.id()).orElseThrow(PersonalDataService::gone);
        String email = p.email();
        // each feature forgets the person in its own tables, through its own service
        rsvps.anonymize(p.id(), email);
        mail.forget(p.id(), email);
        groups.forgetContactEmail(email);
        imports.forget(p.id(), email);
        memberships.removeAll(p.id());
        people.deleteErased(p.id());
        audit.record(admin, "person.erase", "person", p.publicId(), why);
        LOG.info("person erased ({})", why);
    }

    /** How a mailing consent was withdrawn is recorded in words of the code; people read it in theirs. */
    private static final java.util.Map<String, String> HOW = java.util.Map.of(
            "unsubscribe link in a mailing", "personalData.how.unsubscribe",
            "withdrawn by staff on request", "personalData.how.staff",
            "withdrawn by the person on their page", "personalData.how.self");

    static String wording(org.cortege.shared.Messages messages, String wording, java.util.Locale locale) {
        String key = HOW.get(wording);
        return key == null ? wording : messages.get(locale, key);
    }

    private String link(String prefix, String slug) {
        return settings.publicUrl() + prefix + slug;
    }

    private static List<Object> concat(Object first, List<?> rest) {
        List<Object> out = new java.util.ArrayList<>();
        out.add(first);
        out.addAll(rest);
        return out;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static ApiException gone() {
        return ApiException.of(HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound");
    }
}
