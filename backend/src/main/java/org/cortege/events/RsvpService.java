package org.cortege.events;

import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.people.Inputs;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.VisitSource;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Retry;
import org.cortege.shared.Tokens;

/**
 * "I come": supporters answer at once; visitors give a name and an email and confirm by mail.
 * A date's row is locked while an answer is counted, so its capacity holds under concurrent answers.
 */
@Singleton
public class RsvpService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    /** A visitor's answer, as their signed link shows it. */
    @Serdeable
    public record GuestRsvpView(String id, RsvpStatus status, String eventSlug, String title, OffsetDateTime start, OffsetDateTime end,
                                OccurrenceState occurrenceState) {
    }

    private final EventRepository events;
    private final OccurrenceRepository occurrences;
    private final RsvpRepository rsvps;
    private final EventService eventService;
    private final PersonService people;
    private final MailService mail;
    private final InstanceSettings settings;
    private final EventsProperties properties;
    private final EventNotifier notifier;
    private final io.micronaut.context.event.ApplicationEventPublisher<AnswerGiven> answers;

    RsvpService(EventRepository events, OccurrenceRepository occurrences, RsvpRepository rsvps, EventService eventService,
                PersonService people, MailService mail, InstanceSettings settings, EventsProperties properties, EventNotifier notifier, org.cortege.shared.Sql personalSql,
                io.micronaut.context.event.ApplicationEventPublisher<AnswerGiven> answers) {
        this.personalSql = personalSql;
        this.answers = answers;
        this.events = events;
        this.occurrences = occurrences;
        this.rsvps = rsvps;
        this.eventService = eventService;
        this.people = people;
        this.mail = mail;
        this.settings = settings;
        this.properties = properties;
        this.notifier = notifier;
    }

    /**
     * A person is erased: their answers (signed in, or as a visitor with their address) stay counted,
     * with nothing left to say whose. Returns how many.
     */
    @io.micronaut.transaction.annotation.Transactional
    public int anonymize(Long personId, String email) {
        return rsvps.anonymize(personId, email, "e:" + Tokens.hash(email));
    }

    /**
     * A supporter says they come to a date.
     *
     * @throws ApiException 409 when already coming, when the date is full, cancelled or past
     */
    @Transactional
    public Occurrence rsvp(Person person, String occurrenceId, boolean shareContact, @io.micronaut.core.annotation.Nullable VisitSource source) {
        if (!person.isConfirmed()) {
            throw EventService.forbidden();
        }
        Occurrence o = occurrences.findByIdForUpdate(eventService.findOccurrence(occurrenceId).id()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        String key = "p:" + person.id();
        Optional<Rsvp> existing = rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), key);
        if (existing.isPresent() && existing.get().isConfirmed()) {
            throw ApiException.of(HttpStatus.CONFLICT, "already-going", "problem.alreadyGoing");
        }
        requireOpen(e, o);
        Instant now = Instant.now();
        if (existing.isPresent()) {
            Rsvp r = existing.get();
            rsvps.update(new Rsvp(r.id(), r.publicId(), r.occurrenceId(), person.id(), null, null, person.locale(), key,
                    RsvpStatus.CONFIRMED, shareContact, false, null, null, r.createdAt(), now));
            rsvps.clearReplies(r.id());
        } else {
            rsvps.save(new Rsvp(null, Tokens.newPublicId(), o.id(), person.id(), null, null, person.locale(), key, RsvpStatus.CONFIRMED,
                    shareContact, false, null, null, now, now));
        }
        Rsvp answer = rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), key).orElseThrow();
        String rsvpId = answer.publicId();
        answers.publishEvent(new AnswerGiven(answer.id(), person.id(), source, true));
        notifier.coming(e, o, rsvpId, person.email(), person.id(), person.firstName(), person.locale());
        occurrences.refreshCounts(o.id());
        return occurrences.findById(o.id()).orElseThrow();
    }

    /** A supporter takes back their answer. @throws ApiException 404 when they had not answered */
    @Transactional
    public Occurrence cancel(Person person, String occurrenceId) {
        Occurrence o = occurrences.findByIdForUpdate(eventService.findOccurrence(occurrenceId).id()).orElseThrow();
        Rsvp r = rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), "p:" + person.id()).filter(Rsvp::isConfirmed)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "not-going", "problem.notGoing"));
        setStatus(r, RsvpStatus.CANCELLED);
        occurrences.refreshCounts(o.id());
        return occurrences.findById(o.id()).orElseThrow();
    }

    /**
     * A visitor says they come: a confirmation link goes to their address; nothing tells whether the
     * address is known (the answer is the same). A banned address gets nothing.
     *
     * @throws ApiException 409 when the date is full, cancelled or past (public facts)
     */
    @Transactional
    public void guestRsvp(String occurrenceId, String name, String email, boolean shareContact, Locale locale,
                          @io.micronaut.core.annotation.Nullable VisitSource source) {
        Occurrence o = occurrences.findByIdForUpdate(eventService.findOccurrence(occurrenceId).id()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        requireOpen(e, o);
        String address = Inputs.normalizeEmail(email);
        Optional<Person> known = people.findByEmail(address);
        if (known.isPresent() && known.get().isBanned()) {
            return;
        }
        String key = known.filter(Person::isConfirmed).map(p -> "p:" + p.id()).orElse("e:" + Tokens.hash(address));
        Optional<Rsvp> existing = rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), key);
        if (existing.isPresent() && existing.get().isConfirmed()) {
            return;
        }
        String token = Tokens.newToken();
        Instant now = Instant.now();
        Instant expires = now.plus(properties.guestRsvpTtl);
        String guestName = Inputs.normalizeName(name);
        String tag = locale.toLanguageTag();
        if (existing.isPresent()) {
            Rsvp r = existing.get();
            rsvps.update(new Rsvp(r.id(), r.publicId(), r.occurrenceId(), r.personId(), guestName, address, tag, key, RsvpStatus.PENDING,
                    shareContact, false, Tokens.hash(token), expires, r.createdAt(), now));
            rsvps.clearReplies(r.id());
        } else {
            try {
                rsvps.save(new Rsvp(null, Tokens.newPublicId(), o.id(), null, guestName, address, tag, key, RsvpStatus.PENDING, shareContact,
                        false, Tokens.hash(token), expires, now, now));
            } catch (RuntimeException ex) {
                if (Retry.isDuplicateKey(ex)) {
                    return; // the same visitor twice at once: the first answer's mail is on its way
                }
                throw ex;
            }
        }
        if (source != null && !source.isEmpty()) {
            Long answerer = key.startsWith("p:") ? Long.valueOf(key.substring(2)) : null;
            answers.publishEvent(new AnswerGiven(rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), key).orElseThrow().id(), answerer, source, false));
        }
        mail.enqueue(new MailMessage(address, null, "event-rsvp-confirm", locale,
                new Object[] {guestName, e.title(), EventNotifier.when(e, o, locale), EventNotifier.where(e, locale),
                        properties.guestRsvpTtl.toHours()},
                settings.publicUrl() + "/participation/confirmer#token=" + token, null, true));
    }

    /**
     * Confirms a visitor's answer from the mailed link. Supporters' answers made as a visitor count as theirs.
     *
     * @throws ApiException 410 on an unknown or expired link, 409 when the date filled up or was cancelled meanwhile
     */
    @Transactional
    public GuestRsvpView confirmGuest(String token) {
        if (!Tokens.looksLikeToken(token)) {
            throw invalidToken();
        }
        Rsvp r = rsvps.findByTokenHash(Tokens.hash(token)).orElseThrow(RsvpService::invalidToken);
        if (r.tokenExpiresAt() == null || r.tokenExpiresAt().isBefore(Instant.now())) {
            throw invalidToken();
        }
        Occurrence o = occurrences.findByIdForUpdate(r.occurrenceId()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        requireOpen(e, o);
        Long personId = r.attendeeKey().startsWith("p:") ? Long.valueOf(r.attendeeKey().substring(2)) : null;
        Rsvp confirmed = new Rsvp(r.id(), r.publicId(), r.occurrenceId(), personId, personId == null ? r.guestName() : null,
                personId == null ? r.guestEmail() : null, r.locale(), r.attendeeKey(), RsvpStatus.CONFIRMED, r.shareContact(), false, null,
                null, r.createdAt(), Instant.now());
        rsvps.update(confirmed);
        answers.publishEvent(new AnswerGiven(r.id(), personId, null, true));
        notifier.coming(e, o, r.publicId(), r.guestEmail(), personId, r.guestName(), r.locale());
        occurrences.refreshCounts(o.id());
        return guestView(confirmed, e, occurrences.findById(o.id()).orElseThrow());
    }

    /** A visitor's answer from their signed link. @throws ApiException 403 on a wrong signature */
    public GuestRsvpView guestView(String rsvpId, String signature) {
        Rsvp r = signedRsvp(rsvpId, signature);
        Occurrence o = occurrences.findById(r.occurrenceId()).orElseThrow();
        return guestView(r, events.findById(o.eventId()).orElseThrow(), o);
    }

    /** A visitor takes back their answer from their signed link. */
    @Transactional
    public GuestRsvpView guestCancel(String rsvpId, String signature) {
        Rsvp r = signedRsvp(rsvpId, signature);
        Occurrence o = occurrences.findByIdForUpdate(r.occurrenceId()).orElseThrow();
        if (r.isConfirmed()) {
            r = setStatus(r, RsvpStatus.CANCELLED);
            occurrences.refreshCounts(o.id());
        }
        return guestView(r, events.findById(o.eventId()).orElseThrow(), occurrences.findById(o.id()).orElseThrow());
    }

    /** Who comes to a date, with contact details of those who agreed; for the group's managers and admins. */
    public List<Participant> participants(Person actor, String occurrenceId) {
        Occurrence o = eventService.findOccurrence(occurrenceId);
        eventService.requireManager(actor, events.findById(o.eventId()).orElseThrow());
        return rsvps.findParticipants(o.id()).stream().map(Participant.Row::view).toList();
    }

    /**
     * Managers mark who actually came, once the date has begun.
     *
     * @throws ApiException 409 before the start, 404 for an unknown answer
     */
    @Transactional
    public void setAttended(Person actor, String occurrenceId, String rsvpId, boolean attended) {
        Occurrence o = occurrences.findByIdForUpdate(eventService.findOccurrence(occurrenceId).id()).orElseThrow();
        eventService.requireManager(actor, events.findById(o.eventId()).orElseThrow());
        if (o.startsAt().isAfter(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-not-started", "problem.eventNotStarted");
        }
        Rsvp r = rsvps.findByPublicId(rsvpId == null || rsvpId.length() > 24 ? "" : rsvpId)
                .filter(x -> x.occurrenceId().equals(o.id()) && x.isConfirmed())
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "not-going", "problem.participantNotFound"));
        rsvps.updateAttended(r.id(), attended, Instant.now());
        if (r.personId() != null) {
            // read by the contact database's "came in the last N days": kept by people, told by us. The
            // person's row is locked first and the latest date read with a locking read, so two dates
            // marked at once cannot write an older value last
            people.lock(r.personId());
            people.recordAttendance(r.personId(), rsvps.findLastAttended(r.personId()).orElse(null));
        }
        occurrences.refreshCounts(o.id());
    }

    /** Which of these dates the person said they come to. */
    public Set<Long> going(Person person, List<Long> occurrenceIds) {
        if (person == null || occurrenceIds.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(rsvps.findConfirmedAmong(person.id(), occurrenceIds));
    }

    /** The dates a supporter said they come to, coming first. */
    public List<Occurrence> occurrencesOf(Person person, Instant from) {
        return rsvps.findOccurrencesOf(person.id(), from);
    }

    private void requireOpen(Event e, Occurrence o) {
        if (Occurrence.HIDDEN.equals(o.state())) {
            throw EventService.hidden();
        }
        if (!Occurrence.ON.equals(o.state())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-cancelled", "problem.eventCancelled");
        }
        if (o.endsAt().isBefore(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-past", "problem.eventPast");
        }
        if (e.capacity() != null && rsvps.countConfirmed(o.id()) >= e.capacity()) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-full", "problem.eventFull");
        }
    }

    private Rsvp signedRsvp(String rsvpId, String signature) {
        if (!notifier.verifyGuestLink(rsvpId, signature)) {
            throw EventService.forbidden();
        }
        return rsvps.findByPublicId(rsvpId).orElseThrow(RsvpService::invalidToken);
    }

    Rsvp setStatus(Rsvp r, RsvpStatus status) {
        Rsvp updated = new Rsvp(r.id(), r.publicId(), r.occurrenceId(), r.personId(), r.guestName(), r.guestEmail(), r.locale(),
                r.attendeeKey(), status, r.shareContact(), r.attended(), null, null, r.createdAt(), Instant.now());
        rsvps.update(updated);
        return updated;
    }

    static GuestRsvpView guestView(Rsvp r, Event e, Occurrence o) {
        ZoneId zone = ZoneId.of(e.timeZone());
        return new GuestRsvpView(r.publicId(), r.status(), e.slug(), e.title(), o.startsAt().atZone(zone).toOffsetDateTime(),
                o.endsAt().atZone(zone).toOffsetDateTime(), o.state());
    }

    static ApiException invalidToken() {
        return ApiException.of(HttpStatus.GONE, "invalid-token", "problem.invalidToken");
    }

    /** One of a person's answers to an action's date. */
    public record AnswerOf(String title, String slug, java.time.Instant startsAt, String status, boolean shareContact, boolean attended,
                           java.time.Instant answeredAt, @io.micronaut.core.annotation.Nullable java.time.Instant reconfirmedAt,
                           @io.micronaut.core.annotation.Nullable Boolean cameSaid) {
    }

    /**
     * A person's answers, the latest first, at most {@code limit}: signed in, and as a visitor under
     * {@code email} when given (their export shows both).
     */
    public List<AnswerOf> answersOf(Long personId, @io.micronaut.core.annotation.Nullable String email, int limit) {
        return personalSql.list("SELECT e.title, e.slug, o.starts_at, r.status, r.share_contact, r.attended, r.created_at, r.reconfirmed_at, "
                + "r.came_said "
                + "FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id JOIN event e ON e.id = o.event_id "
                + "WHERE r.person_id = ? OR (? IS NOT NULL AND r.guest_email = ?) ORDER BY r.created_at DESC LIMIT ?",
                java.util.Arrays.asList(personId, email, email, limit), rs -> new AnswerOf(rs.getString(1), rs.getString(2),
                        rs.getTimestamp(3).toInstant(), rs.getString(4).toLowerCase(java.util.Locale.ROOT), rs.getBoolean(5), rs.getBoolean(6),
                        rs.getTimestamp(7).toInstant(), rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(),
                        rs.getObject(9) == null ? null : rs.getBoolean(9)));
    }
}
