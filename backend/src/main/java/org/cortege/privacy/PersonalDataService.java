package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
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
    private static final int LIMIT = 5000;

    private final PersonService people;
    private final AuditLog audit;
    private final org.cortege.events.RsvpService rsvps;
    private final org.cortege.mail.MailService mail;
    private final org.cortege.groups.GroupService groups;
    private final org.cortege.groups.MembershipService memberships;
    private final org.cortege.admin.csv.ImportService imports;
    private final org.cortege.events.EventService events;
    private final org.cortege.events.CalendarService calendars;
    private final org.cortege.groups.GroupMessageService groupMessages;
    private final org.cortege.moderation.ModerationService moderation;
    private final org.cortege.admin.TagService tagService;
    private final org.cortege.people.SessionService sessionService;
    private final org.cortege.referrals.ReferralService referrals;
    private final org.cortege.events.DateReports dateReports;
    private final org.cortege.activity.ActivityService activity;
    private final org.cortege.activity.NotificationPreferences notifications;
    private final InstanceSettings settings;
    private final Clock clock;

    PersonalDataService(PersonService people, AuditLog audit, InstanceSettings settings, org.cortege.events.RsvpService rsvps,
                        org.cortege.mail.MailService mail, org.cortege.groups.GroupService groups,
                        org.cortege.groups.MembershipService memberships, org.cortege.admin.csv.ImportService imports,
                        org.cortege.events.EventService events, org.cortege.events.CalendarService calendars,
                        org.cortege.groups.GroupMessageService groupMessages, org.cortege.moderation.ModerationService moderation,
                        org.cortege.admin.TagService tagService, org.cortege.people.SessionService sessionService,
                        org.cortege.referrals.ReferralService referrals, org.cortege.events.DateReports dateReports,
                        org.cortege.activity.ActivityService activity, org.cortege.activity.NotificationPreferences notifications) {
        this.referrals = referrals;
        this.activity = activity;
        this.notifications = notifications;
        this.dateReports = dateReports;
        this.events = events;
        this.calendars = calendars;
        this.groupMessages = groupMessages;
        this.moderation = moderation;
        this.tagService = tagService;
        this.sessionService = sessionService;
        this.rsvps = rsvps;
        this.mail = mail;
        this.groups = groups;
        this.memberships = memberships;
        this.imports = imports;
        this.people = people;
        this.audit = audit;
        this.settings = settings;
        this.clock = Clock.systemUTC();
    }

    /** Everything held about the person, each list capped at 5 000 entries (newest first). */
    @Transactional(readOnly = true)
    public PersonalData export(Person person) {
        Person p = people.findAny(person.id()).orElseThrow(PersonalDataService::gone);
        Instant lastAttended = people.lastAttended(p.id());
        var profile = new PersonalData.Profile(p.publicId(), p.email(), p.firstName(), p.lastName(), p.phone(), p.birthDate(),
                p.country(), p.postalCode(), p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(), p.locale(),
                p.status().name().toLowerCase(java.util.Locale.ROOT), p.source(), p.emailConsent(), p.createdAt(), p.confirmedAt(),
                p.lastActiveAt(), lastAttended);
        var consents = people.consents(p.id()).stream().map(c -> new PersonalData.Consent(c.purpose(), c.version(), c.locale(),
                c.wording(), c.givenAt(), c.withdrawnAt())).toList();
        // each feature gives its part through its own service (the same reads the contact record uses)
        var groups = memberships.membershipsOf(p.id(), LIMIT).stream().map(m -> new PersonalData.Membership(m.groupName(),
                link("/groupes/", m.groupSlug()), m.role(), m.shareContact(), m.sharedAt(), m.joinedAt())).toList();
        var actions = rsvps.answersOf(p.id(), p.email(), LIMIT).stream().map(a -> new PersonalData.Answer(a.title(),
                link("/actions/", a.slug()), a.startsAt(), a.status(), a.shareContact(), a.attended(), a.answeredAt(),
                a.reconfirmedAt(), a.cameSaid())).toList();
        var founded = this.groups.foundedBy(p.id(), LIMIT).stream().map(g -> new PersonalData.Created(g.name(),
                link("/groupes/", g.slug()), g.createdAt())).toList();
        var published = events.publishedBy(p.id(), LIMIT).stream().map(e -> new PersonalData.Created(e.title(),
                link("/actions/", e.slug()), e.createdAt())).toList();
        var messages = groupMessages.writtenBy(p.id(), LIMIT).stream().map(m -> new PersonalData.Message(m.groupName(), m.subject(),
                m.body(), m.recipients(), m.at())).toList();
        var reports = moderation.reportsBy(p.id(), LIMIT).stream().map(r -> new PersonalData.ReportMade(r.targetType(), r.targetId(),
                r.reason(), r.text(), r.at())).toList();
        var tags = tagService.tagsOf(p.id(), LIMIT).stream().map(t -> new PersonalData.Dated(t.name(), null, t.taggedAt())).toList();
        var imports = this.imports.importsOf(p.id(), LIMIT).stream().map(i -> new PersonalData.Dated(i.fileName(), i.action(), i.at()))
                .toList();
        var mails = mail.mailsTo(p.id(), p.email(), false, LIMIT).stream().map(m -> new PersonalData.Mail(m.subject(),
                m.transactional() ? "transactional" : "mailing", m.status(), m.createdAt(), m.sentAt())).toList();
        var sessions = sessionService.sessionsOf(p.id(), LIMIT).stream().map(x -> new PersonalData.Session(x.createdAt(),
                x.lastSeenAt(), x.expiresAt())).toList();
        Instant feed = calendars.feedCreatedAt(p.id());
        var access = audit.on("person", p.publicId(), STAFF_ACCESS, LIMIT).stream().map(e -> new PersonalData.StaffAccess(e.action(),
                e.reason(), e.at())).toList();
        return new PersonalData(clock.instant(), settings.organizationName(), settings.privacyContact(), profile,
                people.interestsOf(p.id()), consents, groups, actions, founded, published, messages, reports, tags, imports,
                mails, sessions, feed, access, referrals.exportOf(p.id()).orElse(null),
                dateReports.writtenBy(p.id(), LIMIT).stream().map(r -> new PersonalData.Created(r.title(), link("/actions/", r.slug()),
                        r.writtenAt())).toList(), activity.feedOf(p.id(), LIMIT), notifications.viewOf(p.id()));
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

    /** Why retention erases an imported contact. */
    public enum ImportedRetention {
        /** imported, never heard of since, past {@code cortege.retention.imported-prospects} */
        PROSPECT("imported prospect without answer past the retention period"),
        /** the purge date their import declared (a file collected for one vote) has come */
        IMPORT_END("the purge date of their import");

        final String why;

        ImportedRetention(String why) {
            this.why = why;
        }
    }

    /**
     * Erases an imported contact whose retention ran out, as {@link #erase(Person, Person)}, if
     * they are still a contact once locked (not if they signed up meanwhile); returns whether.
     */
    @Transactional
    public boolean eraseImported(Person person, ImportedRetention reason) {
        Person now = people.lock(person.id()).orElse(null);
        if (now == null || now.status() != org.cortege.people.PersonStatus.CONTACT) {
            return false;
        }
        erase(now, null, reason.why);
        return true;
    }

    /**
     * The person objects to being in the movement's file (the link of the first-contact notice an
     * imported person gets): their address is kept only as a keyed hash so that no import brings it
     * back, and they are erased as in {@link #erase(Person, Person)}.
     */
    @Transactional
    public void eraseOnObjection(Person person) {
        Person now = people.lock(person.id()).orElse(null);
        if (now == null) {
            return; // erased by a click a moment earlier
        }
        imports.recordObjection(now.email());
        erase(now, null, "objection to the contact file");
    }

    private void erase(Person person, @Nullable Person admin, String why) {
        Person p = people.lock(person.id()).orElseThrow(PersonalDataService::gone);
        String email = p.email();
        // each feature forgets the person in its own tables, through its own service
        memberships.removeAll(p.id());   // groups locked one by one in id order, as when someone leaves
        groups.forgetContactEmail(email);
        rsvps.anonymize(p.id(), email);
        mail.forget(p.id(), email);
        imports.forget(p.id(), email);
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

    private static ApiException gone() {
        return ApiException.of(HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound");
    }
}
