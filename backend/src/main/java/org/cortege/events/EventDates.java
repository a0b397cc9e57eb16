package org.cortege.events;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.cortege.counters.CountersService;
import org.cortege.shared.ApiException;
import org.cortege.shared.Tokens;

/**
 * An action's dates once published: new dates matched to the old ones by day when the schedule
 * changes (answers follow the date they were given for; a date people come to is cancelled, never
 * deleted), one date cancelled or moved, and those who come told. The caller has checked who may.
 */
@Singleton
class EventDates {

    private final OccurrenceRepository occurrences;
    private final EventNotifier notifier;
    private final CountersService counters;
    private final EventsProperties properties;
    private final RsvpRepository rsvps;

    EventDates(OccurrenceRepository occurrences, EventNotifier notifier, CountersService counters, EventsProperties properties,
               RsvpRepository rsvps) {
        this.occurrences = occurrences;
        this.rsvps = rsvps;
        this.notifier = notifier;
        this.counters = counters;
        this.properties = properties;
    }

    /** Matches the new dates to the old ones by day, so that answers follow the date they were given for. */
    void reschedule(Event e, Schedule schedule, Instant now) {
        List<Occurrence> old = occurrences.findByEventIdOrderByStartsAt(e.id());
        List<Schedule.Slot> slots = schedule.slots(properties.limits);
        ZoneId zone = schedule.zone();
        Map<LocalDate, Occurrence> byDay = new HashMap<>();
        for (Occurrence o : old) {
            byDay.putIfAbsent(o.recurrenceId().atZone(zone).toLocalDate(), o);
        }
        boolean single = old.size() == 1 && slots.size() == 1;
        Set<Long> kept = new HashSet<>();
        for (Schedule.Slot slot : slots) {
            Occurrence match = single ? old.get(0) : byDay.get(slot.localDate());
            if (match != null && !kept.contains(match.id())) {
                kept.add(match.id());
                if (match.endsAt().isBefore(now)) {
                    continue; // the past is what happened
                }
                occurrences.update(new Occurrence(match.id(), match.publicId(), match.eventId(), slot.recurrenceId(),
                        match.moved() ? match.startsAt() : slot.start(), match.moved() ? match.endsAt() : slot.end(),
                        match.cancelled(), match.moved(), match.state(), match.sequence(), match.groupId(), match.type(),
                        match.departement(), match.lat(), match.lng(), match.rsvpCount(), match.attendedCount(),
                        match.startsAt().equals(slot.start()) ? match.reminderSentAt() : null));
                if (!match.moved() && !match.startsAt().equals(slot.start())) {
                    forgetConfirmations(match.id());
                }
            } else if (!slot.end().isBefore(now)) {
                occurrences.save(new Occurrence(null, Tokens.newPublicId(), e.id(), slot.recurrenceId(), slot.start(), slot.end(),
                        false, false, Occurrence.ON, e.sequence(), e.groupId(), e.type(), e.departement(), e.lat(), e.lng(), 0, 0,
                        null));
            }
        }
        for (Occurrence o : old) {
            if (kept.contains(o.id()) || o.endsAt().isBefore(now)) {
                continue;
            }
            if (o.rsvpCount() > 0) {
                if (!o.cancelled()) {
                    occurrences.update(withCancelled(o, true));
                    notifier.cancelled(e, o);
                }
            } else {
                occurrences.delete(o);
            }
        }
        occurrences.refreshStates(e.id());
    }

    /** Cancels one date of an action (the others stay). */
    void cancel(Event e, Occurrence o) {
        if (o.cancelled() || e.isCancelled()) {
            return;
        }
        if (o.endsAt().isBefore(Instant.now())) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-past", "problem.eventPast");
        }
        occurrences.update(withCancelled(o, true));
        occurrences.refreshStates(e.id());
        notifier.cancelled(e, o);
        counters.invalidate();
    }

    /** Moves one date (new start and end, same wall-clock rules as the action); those who come are told. */
    Occurrence move(Event e, Occurrence o, String start, String end) {
        Instant now = Instant.now();
        if (o.cancelled() || e.isCancelled() || o.endsAt().isBefore(now)) {
            throw ApiException.of(HttpStatus.CONFLICT, "event-not-movable", "problem.eventNotMovable");
        }
        Schedule moved = Schedule.parse(start, end, e.allDay(), null, ZoneId.of(e.timeZone()), properties.limits, now);
        Schedule.Slot slot = moved.slots(properties.limits).get(0);
        if (slot.end().isBefore(now)) {
            throw ApiException.invalidField("start", "validation.eventInPast");
        }
        Occurrence updated = new Occurrence(o.id(), o.publicId(), o.eventId(), o.recurrenceId(), slot.start(), slot.end(), false, true,
                o.state(), o.sequence() + 1, o.groupId(), o.type(), o.departement(), o.lat(), o.lng(), o.rsvpCount(),
                o.attendedCount(), slot.start().equals(o.startsAt()) ? o.reminderSentAt() : null);
        occurrences.update(updated);
        if (!slot.start().equals(o.startsAt())) {
            forgetConfirmations(o.id());
        }
        notifier.changed(e, updated);
        return updated;
    }

    /** A date at a new time: confirmations given for the former one no longer hold, and the last reminder is due again. */
    private void forgetConfirmations(Long occurrenceId) {
        occurrences.clearLastReminder(occurrenceId);
        rsvps.clearReconfirmedOf(occurrenceId);
    }

    static Occurrence withCancelled(Occurrence o, boolean cancelled) {
        return new Occurrence(o.id(), o.publicId(), o.eventId(), o.recurrenceId(), o.startsAt(), o.endsAt(), cancelled, o.moved(),
                cancelled ? Occurrence.CANCELLED : o.state(), o.sequence() + 1, o.groupId(), o.type(), o.departement(), o.lat(),
                o.lng(), o.rsvpCount(), o.attendedCount(), o.reminderSentAt());
    }

}
