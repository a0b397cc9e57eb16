package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.cortege.moderation.AuditLog;
import org.cortege.moderation.AuditView;
import org.cortege.people.MeUpdateCommand;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;

/**
 * The contact database's public API: search and count people (text and segment rules) within the
 * staff member's territory, one person's page with its history, corrections by staff (each in the
 * audit log, naming the fields changed, never their values).
 */
@Singleton
public class ContactService {

    /** A page of the contacts table; {@code total} is exact. */
    @io.micronaut.serde.annotation.Serdeable
    /** {@code maxRows}: how far the table pages (past it, an export). */
    public record ContactPage(List<ContactRow> items, long total, int page, int size, int maxRows) {
    }

    static final int MAX_HISTORY = 300;

    private final ContactSearch search;
    private final PersonService people;
    private final StaffService staffService;
    private final AuditLog audit;
    private final Sql sql;
    private final SegmentService segments;

    private final org.cortege.people.SessionService sessions;
    private final org.cortege.groups.MembershipService memberships;
    private final org.cortege.events.RsvpService rsvps;
    private final TagService tags;
    private final org.cortege.admin.csv.ImportService imports;
    private final org.cortege.mail.MailService mail;
    private final org.cortege.shared.InstanceSettings settings;

    ContactService(ContactSearch search, PersonService people, StaffService staffService, AuditLog audit, Sql sql,
                   SegmentService segments, org.cortege.people.SessionService sessions, org.cortege.groups.MembershipService memberships,
                   org.cortege.events.RsvpService rsvps, TagService tags, org.cortege.admin.csv.ImportService imports,
                   org.cortege.mail.MailService mail, org.cortege.shared.InstanceSettings settings) {
        this.settings = settings;
        this.memberships = memberships;
        this.rsvps = rsvps;
        this.tags = tags;
        this.imports = imports;
        this.mail = mail;
        this.sessions = sessions;
        this.segments = segments;
        this.search = search;
        this.people = people;
        this.staffService = staffService;
        this.audit = audit;
        this.sql = sql;
    }

    /** How deep the table pages: past this many rows, reading people in bulk is an export (logged, with its file). */
    static final int MAX_BROWSE_ROWS = 2000;

    /**
     * A sorted page of the people the text and rule select. Each page read is an entry of the access
     * log, like an export or an opened record: the text in « », the rule's JSON (or * for no
     * condition), the rows returned and the total ("« Durand » · 1–50 / 312"), with no word of either
     * language in it.
     *
     * @throws ApiException 400 on a bad rule, sort, text over 100 characters, or a page past
     *                      {@value #MAX_BROWSE_ROWS} rows
     */
    @Transactional
    public ContactPage search(Staff staff, @Nullable String text, @Nullable SegmentRule rule, String sort, boolean descending,
                              int page, int size) {
        if ((long) page * size > MAX_BROWSE_ROWS) {
            throw ApiException.invalidField("page", "validation.deepPaging", MAX_BROWSE_ROWS);
        }
        ContactSearch.Where s = search.select(staff, text, rule);
        long total = search.count(s);
        List<ContactRow> rows = search.page(s, sort, descending, page, size, total);
        long first = (long) (page - 1) * size + 1;
        audit.record(staff.person(), "people.search", "selection", "contacts", describe(text, rule) + " · "
                + (rows.isEmpty() ? "0" : first + "–" + (first + rows.size() - 1)) + " / " + total);
        return new ContactPage(rows, total, page, size, MAX_BROWSE_ROWS);
    }

    private String describe(@Nullable String text, @Nullable SegmentRule rule) {
        StringBuilder d = new StringBuilder();
        if (text != null && !text.isBlank()) {
            d.append("« ").append(text.strip()).append(" »");
        }
        if (rule != null && !rule.isEmpty()) {
            d.append(d.length() == 0 ? "" : " · ").append(segments.describe(rule));
        }
        return d.length() == 0 ? "*" : d.toString();
    }

    /**
     * The rule tree a selection stands for: its saved segment, its own rule and its list of people,
     * all together.
     *
     * @throws ApiException 404 on an unknown segment
     */
    public SegmentRule ruleOf(Selection selection) {
        List<SegmentRule> parts = new ArrayList<>();
        if (selection.segment() != null && !selection.segment().isBlank()) {
            parts.add(segments.rule(selection.segment()));
        }
        if (selection.rule() != null) {
            parts.add(selection.rule());
        }
        if (selection.people() != null) {
            if (selection.people().isEmpty()) {
                throw ApiException.invalidField("people", "validation.SizeList", 1, 1000);
            }
            parts.add(SegmentRule.values("person", selection.people()));
        }
        return parts.size() == 1 ? parts.get(0) : SegmentRule.and(parts);
    }

    /** {@code FROM person p WHERE …}: the people a rule selects within a territory, with its parameters in order. */
    public record Selected(String from, List<Object> params) {
    }

    /**
     * The SQL selecting what {@link #count} counts, for statements that act on those people in bulk
     * (a campaign's recipients).
     *
     * @throws ApiException 400 on a bad rule
     */
    public Selected selectSql(Staff staff, SegmentRule rule) {
        ContactSearch.Where w = search.select(staff, null, rule);
        return new Selected(w.from(), w.params());
    }

    /** A row for an export: the table's row and the birth date. */
    public record Exported(ContactRow row, @Nullable java.time.LocalDate birthDate) {
    }

    /** A batch of an export, in id order, and the id to continue after. */
    public record ExportBatch(List<Exported> rows, long lastId) {
    }

    /**
     * The next {@code size} people the selection picks after {@code afterId} (keyset paging: each
     * batch a short query, however large the export).
     */
    @Transactional(readOnly = true)
    public ExportBatch exportBatch(Staff staff, @Nullable String text, @Nullable SegmentRule rule, long afterId, int size) {
        ContactSearch.Where w = search.select(staff, text, rule);
        List<Object> params = new ArrayList<>(w.params());
        params.add(afterId);
        params.add(size);
        List<ContactSearch.Base> bases = sql.list("SELECT p.id, p.public_id, p.first_name, p.last_name, p.email, p.phone, p.postal_code, "
                + "p.commune, p.departement, p.birth_date, p.created_at, p.source, p.last_active_at, p.email_consent, p.status"
                + w.from() + " AND p.id > ? ORDER BY p.id LIMIT ?", params, ContactSearch::base);
        List<ContactRow> rows = search.rows(bases);
        List<Exported> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            out.add(new Exported(rows.get(i), bases.get(i).birthDate()));
        }
        return new ExportBatch(out, bases.isEmpty() ? afterId : bases.get(bases.size() - 1).id());
    }

    /** How many people the text and rule select, within the staff member's territory. */
    @Transactional(readOnly = true)
    public long count(Staff staff, @Nullable String text, @Nullable SegmentRule rule) {
        return search.count(search.select(staff, text, rule));
    }

    /**
     * One person's page.
     *
     * @throws ApiException 404 when the person does not exist or lives outside the organizer's territory
     */
    @Transactional(readOnly = true)
    public ContactDetail detail(Staff staff, String publicId) {
        Person p = reachable(staff, publicId);
        ContactSearch.Base base = sql.list("SELECT * FROM person p WHERE p.id = ?", List.of(p.id()), ContactSearch::base).get(0);
        ContactRow row = search.rows(List.of(base)).get(0);
        List<ContactDetail.Consent> consents = people.consents(p.id()).stream()
                .map(c -> new ContactDetail.Consent(c.purpose(), c.version(), c.locale(), c.wording(), c.givenAt(), c.withdrawnAt()))
                .toList();
        PersonService.Tie tie = people.tieOf(p.id());
        return new ContactDetail(row, p.birthDate(), p.inseeCode(), p.locale(), p.confirmedAt(), p.emailConsentAt(), p.admin(),
                staffService.departementsOf(p.id()), consents, history(p, consents), tie.relation() == null ? null : tie.relation().name(),
                tie.since());
    }

    /**
     * One person's page as a staff member opens it: the reading is logged (audit {@code person.view},
     * reviewed by admins in the access log, shown to the person in their data export).
     *
     * @throws ApiException 404 as {@link #detail}
     */
    @Transactional
    public ContactDetail open(Staff staff, String publicId) {
        ContactDetail detail = detail(staff, publicId);
        audit.record(staff.person(), "person.view", "person", publicId, null);
        return detail;
    }

    /**
     * Applies staff corrections; null fields keep their value.
     *
     * @throws ApiException 400 on bad values (as on the profile page), 409 when the new email is
     *                      someone else's, 403 when an organizer would move the person outside their territory
     */
    @Transactional
    public ContactDetail update(Staff staff, String publicId, ContactUpdateCommand c) {
        Person p = reachable(staff, publicId);
        List<String> changed = new ArrayList<>();
        if (c.email() != null && !c.email().strip().equalsIgnoreCase(p.email())) {
            // An address is the key to an account: whoever changes it can sign in as the person.
            // Only admins may, never on a staff member (they hold everyone's data), and the
            // person's sessions close with the old address.
            if (!staff.admin()) {
                throw ApiException.of(HttpStatus.FORBIDDEN, "email-change-admins-only", "problem.emailChangeAdminsOnly");
            }
            if (staffService.current(p).isPresent()) {
                throw ApiException.of(HttpStatus.FORBIDDEN, "email-change-staff", "problem.emailChangeStaff");
            }
            people.changeEmail(p, c.email());
            sessions.closeAll(p.id());
            changed.add("email");
        }
        boolean profile = c.firstName() != null || c.lastName() != null || c.phone() != null || c.birthDate() != null
                || c.postalCode() != null || c.inseeCode() != null;
        if (profile) {
            // The same postal code sent back by a form keeps the person's commune (a code can serve several).
            String insee = c.inseeCode() == null && c.postalCode() != null && c.postalCode().strip().equals(p.postalCode())
                    ? p.inseeCode() : c.inseeCode();
            people.update(p, new MeUpdateCommand(c.firstName(), c.lastName(), c.phone(), c.birthDate(), c.postalCode(),
                    insee, null));
            Person after = people.findAny(p.id()).orElseThrow();
            if (!staff.reaches(after.departement())) {
                throw ApiException.invalidField("postalCode", "validation.outsideTerritory");
            }
            addIfChanged(changed, "firstName", p.firstName(), after.firstName());
            addIfChanged(changed, "lastName", p.lastName(), after.lastName());
            addIfChanged(changed, "phone", p.phone(), after.phone());
            addIfChanged(changed, "birthDate", p.birthDate(), after.birthDate());
            addIfChanged(changed, "postalCode", p.postalCode() + p.inseeCode(), after.postalCode() + after.inseeCode());
        }
        if (c.interests() != null) {
            List<String> before = people.interestsOf(p.id());
            people.setInterests(p.id(), c.interests());
            addIfChanged(changed, "interests", before, people.interestsOf(p.id()));
        }
        if (c.emailConsent() != null) {
            if (c.emailConsent() && !p.emailConsent()) {
                throw ApiException.invalidField("emailConsent", "validation.consentByPerson");
            }
            if (!c.emailConsent() && people.withdrawEmailConsent(p.id(), "withdrawn by staff on request", p.locale())) {
                changed.add("emailConsent");
            }
        }
        if (c.relation() != null) {
            java.time.LocalDate today = java.time.LocalDate.now(settings.timeZone());
            java.time.LocalDate since;
            try {
                since = c.relationSince() == null || c.relationSince().isBlank() ? today : java.time.LocalDate.parse(c.relationSince());
            } catch (java.time.format.DateTimeParseException e) {
                throw ApiException.invalidField("relationSince", "validation.date");
            }
            if (since.isAfter(today) || since.isBefore(today.minusYears(100))) {
                throw ApiException.invalidField("relationSince", "validation.relationSince");
            }
            org.cortege.people.Relation relation = c.relation().isEmpty() ? null : org.cortege.people.Relation.valueOf(c.relation());
            PersonService.Tie before = people.tieOf(p.id());
            if (relation == null && before.relation() != null && !staff.admin()) {
                // without the tie, an imported person may fall under the short retention of prospects
                throw ApiException.invalidField("relation", "validation.relationClearAdmins");
            }
            if (before.relation() != relation || relation != null && !since.equals(before.since())) {
                people.setTie(p.id(), relation, since);
                changed.add("relation");
            }
        }
        if (!changed.isEmpty()) {
            audit.record(staff.person(), "person.update", "person", p.publicId(), String.join(", ", changed));
        }
        return detail(staff, publicId);
    }

    /**
     * The person if this staff member may see them.
     *
     * @throws ApiException 404 otherwise
     */
    Person reachable(Staff staff, String publicId) {
        return people.findByPublicId(publicId).filter(p -> staff.reaches(p.departement()))
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound"));
    }

    private static void addIfChanged(List<String> changed, String field, Object before, Object after) {
        if (!Objects.equals(before, after)) {
            changed.add(field);
        }
    }

    private List<ContactDetail.HistoryEntry> history(Person p, List<ContactDetail.Consent> consents) {
        List<ContactDetail.HistoryEntry> out = new ArrayList<>();
        out.add(new ContactDetail.HistoryEntry(p.createdAt(), "created", p.source(), null, null, null));
        if (p.confirmedAt() != null) {
            out.add(new ContactDetail.HistoryEntry(p.confirmedAt(), "confirmed", "", null, null, null));
        }
        for (ContactDetail.Consent c : consents) {
            if (!"email".equals(c.purpose())) {
                out.add(new ContactDetail.HistoryEntry(c.givenAt(), "consent", c.purpose(), c.version(), null, null));
            }
            if (c.withdrawnAt() != null) {
                out.add(new ContactDetail.HistoryEntry(c.withdrawnAt(), "consentWithdrawn", c.purpose(), c.wording(), null, null));
            }
        }
        // each feature's own reads, the same the person's export uses
        for (var m : memberships.membershipsOf(p.id(), 100)) {
            out.add(new ContactDetail.HistoryEntry(m.joinedAt(), "joined", m.groupName(), m.role(), "/groupes/" + m.groupSlug(), null));
        }
        for (var a : rsvps.answersOf(p.id(), null, 100)) {
            out.add(new ContactDetail.HistoryEntry(a.answeredAt(), a.attended() ? "attended" : "rsvp", a.title(),
                    a.startsAt() + " " + a.status(), "/actions/" + a.slug(), null));
        }
        for (var t : tags.tagsOf(p.id(), 100)) {
            out.add(new ContactDetail.HistoryEntry(t.taggedAt(), "tagged", t.name(), null, null, null));
        }
        for (var i : imports.importsOf(p.id(), 50)) {
            out.add(new ContactDetail.HistoryEntry(i.at(), "imported", i.fileName(), i.action(), null, null));
        }
        mail.mailsTo(p.id(), null, true, 50).forEach(m ->
                out.add(new ContactDetail.HistoryEntry(m.sentAt() == null ? m.createdAt() : m.sentAt(), "mailed", m.subject(), m.status(),
                        null, null)));
        for (AuditView a : audit.forTarget("person", p.publicId())) {
            out.add(new ContactDetail.HistoryEntry(a.createdAt(), "audit", a.action(), a.reason(), null, a.actor()));
        }
        out.sort(Comparator.comparing(ContactDetail.HistoryEntry::at).reversed());
        return out.size() > MAX_HISTORY ? List.copyOf(out.subList(0, MAX_HISTORY)) : out;
    }
}
