package org.cortege.events;

import io.micronaut.http.HttpStatus;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.OffsetDateTime;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;

/**
 * From "I'll come" to "I came": what the reminder's and the follow-up's signed links do (no sign-in), and a supporter
 * saying on the action's page whether they came. Confirming and saying are harmless and said again at will; freeing
 * a place frees it for someone else and tells the group's managers once.
 */
@Singleton
public class RsvpReplies {

    /** How long after a date its participants may say whether they came. */
    static final java.time.Duration SAY_WITHIN = java.time.Duration.ofDays(30);

    private final EventRepository events;
    private final OccurrenceRepository occurrences;
    private final RsvpRepository rsvps;
    private final EventService eventService;
    private final PersonService people;
    private final org.cortege.groups.GroupService groups;
    private final EventNotifier notifier;
    private final org.cortege.shared.Sql sql;

    RsvpReplies(EventRepository events, OccurrenceRepository occurrences, RsvpRepository rsvps,
                EventService eventService, PersonService people, org.cortege.groups.GroupService groups, EventNotifier notifier,
                org.cortege.shared.Sql sql) {
        this.sql = sql;
        this.events = events;
        this.occurrences = occurrences;
        this.rsvps = rsvps;
        this.eventService = eventService;
        this.people = people;
        this.groups = groups;
        this.notifier = notifier;
    }

    /** What the signed link of a reminder or a follow-up shows of the answer it is about. */
    @Serdeable
    public record ReplyView(String id, RsvpStatus status, String eventSlug, String title, OffsetDateTime start, OffsetDateTime end,
                            OccurrenceState occurrenceState, boolean reconfirmed, @io.micronaut.core.annotation.Nullable Boolean cameSaid,
                            boolean started) {
    }

    /** The answer a reminder's or follow-up's signed link is about. @throws ApiException 403 on a wrong signature */
    @Transactional(readOnly = true)
    public ReplyView replyView(String rsvpId, String signature) {
        Rsvp r = replyRsvp(rsvpId, signature);
        return replyView(r, occurrences.findById(r.occurrenceId()).orElseThrow());
    }

    /**
     * From the day-before reminder's link, no sign-in: "I confirm" ({@code coming}), or "I can no longer come", which
     * frees the place and tells the group's managers (once: a second click changes nothing).
     *
     * @throws ApiException 403 on a wrong signature; 409 confirming an answer taken back, or a date cancelled or over
     */
    @Transactional
    public ReplyView reply(String rsvpId, String signature, boolean coming) {
        Rsvp r = replyRsvp(rsvpId, signature);
        Occurrence o = occurrences.findByIdForUpdate(r.occurrenceId()).orElseThrow();
        Event e = events.findById(o.eventId()).orElseThrow();
        if (coming) {
            if (!r.isConfirmed()) {
                throw ApiException.of(HttpStatus.CONFLICT, "answer-cancelled", "problem.answerCancelled");
            }
            requireNotOver(o);
            rsvps.markReconfirmed(r.id(), Instant.now());
        } else if (r.isConfirmed()) {
            requireNotOver(o);
            if (rsvps.cancelIfConfirmed(r.id(), Instant.now()) == 1) { // two clicks at once: one cancels and tells, the other finds it done
                occurrences.refreshCounts(o.id());
                String who = r.personId() == null ? r.guestName()
                    : people.findAny(r.personId()).map(Person::firstName).orElse("—");
                notifier.noLongerComing(e, o, who == null ? "—" : who, groups.managersOf(o.groupId()));
            }
        }
        return replyView(rsvps.findById(r.id()).orElseThrow(), occurrences.findById(o.id()).orElseThrow());
    }

    /**
     * From the follow-up's link after the date, no sign-in: "I was there" or "I could not come" (the last word holds).
     *
     * @throws ApiException 403 on a wrong signature; 409 before the start, or for an answer taken back
     */
    @Transactional
    public ReplyView said(String rsvpId, String signature, boolean came) {
        Rsvp r = replyRsvp(rsvpId, signature);
        Occurrence o = occurrences.findById(r.occurrenceId()).orElseThrow();
        say(r, o, came);
        return replyView(rsvps.findById(r.id()).orElseThrow(), o);
    }

    /** A supporter says on the action's page whether they came. @throws ApiException 404 when they had not said they come */
    @Transactional
    public void said(Person person, String occurrenceId, boolean came) {
        Occurrence o = eventService.findOccurrence(occurrenceId);
        Rsvp r = rsvps.findByOccurrenceIdAndAttendeeKey(o.id(), "p:" + person.id()).filter(Rsvp::isConfirmed)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "not-going", "problem.notGoing"));
        say(r, o, came);
    }

    private void say(Rsvp r, Occurrence o, boolean came) {
        if (!r.isConfirmed()) {
            throw ApiException.of(HttpStatus.CONFLICT, "answer-cancelled", "problem.answerCancelled");
        }
        if (!Occurrence.ON.equals(o.state())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-cancelled", "problem.eventCancelled");
        }
        Instant now = Instant.now();
        if (o.startsAt().isAfter(now)) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-not-started", "problem.eventNotStarted");
        }
        if (o.endsAt().plus(SAY_WITHIN).isBefore(now)) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-past", "problem.eventPast"); // a follow-up link does not rewrite last year
        }
        rsvps.setCameSaid(r.id(), came, now);
        if (came && rsvps.markThanked(r.id(), now) == 1) {
            thank(r, o, now);
        }
    }

    /** "Thank you for coming", with the group's next actions: once per answer. */
    private void thank(Rsvp r, Occurrence o, Instant now) {
        String email;
        String name;
        String locale;
        if (r.personId() != null) {
            Person p = people.findAny(r.personId()).filter(Person::isConfirmed).orElse(null);
            if (p == null) {
                return;
            }
            email = p.email();
            name = p.firstName();
            locale = p.locale();
        } else {
            email = r.guestEmail();
            name = r.guestName();
            locale = r.locale();
        }
        if (email == null) {
            return; // an answer kept anonymous: nobody to thank
        }
        Event e = events.findById(o.eventId()).orElseThrow();
        org.cortege.groups.SupportGroup group = groups.findById(o.groupId()).orElse(null);
        if (group == null) {
            return;
        }
        java.util.List<EventNotifier.Next> next = new java.util.ArrayList<>();
        for (Occurrence n : occurrences.findNextOfGroup(group.id(), now)) {
            events.findById(n.eventId()).filter(x -> !x.isHidden()).ifPresent(x -> next.add(new EventNotifier.Next(x, n)));
        }
        notifier.thanks(e, group, email, r.personId(), name, locale, next);
    }

    private void requireNotOver(Occurrence o) {
        if (Occurrence.HIDDEN.equals(o.state())) {
            throw EventService.hidden();
        }
        if (!Occurrence.ON.equals(o.state())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-cancelled", "problem.eventCancelled");
        }
        if (o.endsAt().isBefore(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-past", "problem.eventPast");
        }
    }

    private Rsvp replyRsvp(String rsvpId, String signature) {
        if (!notifier.verifyReplyLink(rsvpId, signature)) {
            throw EventService.forbidden();
        }
        return rsvps.findByPublicId(rsvpId).orElseThrow(RsvpService::invalidToken);
    }

    private ReplyView replyView(Rsvp r, Occurrence o) {
        Event e = events.findById(o.eventId()).orElseThrow();
        RsvpService.GuestRsvpView g = RsvpService.guestView(r, e, o);
        return new ReplyView(g.id(), g.status(), g.eventSlug(), g.title(), g.start(), g.end(), g.occurrenceState(),
                rsvps.findReconfirmedAt(r.id()).isPresent(), rsvps.findCameSaid(r.id()).orElse(null), !o.startsAt().isAfter(Instant.now()));
    }

    /**
     * A date's figures for its managers: answers holding, of which confirmed the day before; answers taken back; who came
     * (marked by a manager, or said by the participant) and who did not (once the date has begun: neither marked nor said to
     * have come); who came for the first time to any action of the movement.
     */
    @Serdeable
    public record Attendance(long answered, long reconfirmed, long cancelled, long came, long noShow, long firstTime, boolean started) {
    }

    /** @throws ApiException 403 unless a manager of the action's group (or an admin) */
    @Transactional(readOnly = true)
    public Attendance attendance(Person actor, String occurrenceId) {
        Occurrence o = eventService.findOccurrence(occurrenceId);
        eventService.requireManager(actor, events.findById(o.eventId()).orElseThrow());
        String came = "(r.attended OR r.came_said)";
        return sql.list("SELECT SUM(r.status = 'CONFIRMED'), SUM(r.status = 'CONFIRMED' AND r.reconfirmed_at IS NOT NULL), "
                + "SUM(r.status = 'CANCELLED'), SUM(r.status = 'CONFIRMED' AND " + came + "), "
                + "SUM(r.status = 'CONFIRMED' AND NOT r.attended AND (r.came_said IS NULL OR NOT r.came_said)), "
                + "SUM(r.status = 'CONFIRMED' AND " + came + " AND r.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_rsvp r2 "
                + "JOIN event_occurrence o2 ON o2.id = r2.occurrence_id WHERE r2.person_id = r.person_id AND r2.status = 'CONFIRMED' "
                + "AND o2.state = 'ON' AND (r2.attended OR r2.came_said) AND o2.starts_at < ?)) FROM event_rsvp r WHERE r.occurrence_id = ?",
                java.util.List.of(java.sql.Timestamp.from(o.startsAt()), o.id()), rs -> {
                    boolean started = !o.startsAt().isAfter(Instant.now());
                    return new Attendance(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), started ? rs.getLong(5) : 0,
                            rs.getLong(6), started);
                }).get(0);
    }
}
