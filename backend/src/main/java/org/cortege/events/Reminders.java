package org.cortege.events;

import io.micronaut.context.annotation.Property;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.annotation.Transactional;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reminder mail before each date, exactly once whatever the number of app nodes: due dates are
 * locked with {@code FOR UPDATE SKIP LOCKED}, their mails written to the outbox and the date marked
 * in one transaction, so a second node skips them and a crash leaves them due. Also erases
 * visitors' names and emails {@code cortege.retention.guest-rsvps} after their action.
 */
@Singleton
@Requires(notEnv = "cli") // the command-line tools (demo…) run no background jobs
public class Reminders {

    private static final Logger LOG = LoggerFactory.getLogger(Reminders.class);

    private final OccurrenceRepository occurrences;
    private final EventRepository events;
    private final RsvpRepository rsvps;
    private final EventNotifier notifier;
    private final Duration before;
    private final Duration lastBefore;
    private final Duration followupAfter;
    private final Duration guestRetention;

    Reminders(OccurrenceRepository occurrences, EventRepository events, RsvpRepository rsvps, EventNotifier notifier,
              EventsProperties properties, @Property(name = "cortege.retention.guest-rsvps") Duration guestRetention) {
        this.occurrences = occurrences;
        this.events = events;
        this.rsvps = rsvps;
        this.notifier = notifier;
        this.before = properties.reminderBefore;
        this.lastBefore = properties.lastReminderBefore;
        this.followupAfter = properties.followupAfter;
        this.guestRetention = guestRetention;
    }

    @Scheduled(fixedDelay = "${cortege.events.reminder-poll-interval:1m}", initialDelay = "20s")
    void scheduled() {
        // three jobs apart: one that fails (its dates stay due) holds the others back in nothing
        drain("Reminders", this::sendDue);
        drain("Last reminders", this::sendDueLast);
        drain("Follow-ups", this::sendDueFollowups);
    }

    private static void drain(String what, java.util.function.Function<Instant, Integer> job) {
        try {
            int sent;
            do {
                sent = job.apply(Instant.now());
            } while (sent > 0);
        } catch (RuntimeException e) {
            LOG.warn("{} could not be sent this time ({}); they stay due", what, e.getClass().getSimpleName());
        }
    }

    /** Writes the reminders of up to 50 due dates; returns how many dates were handled. */
    @Transactional
    public int sendDue(Instant now) {
        if (before.isZero()) {
            return 0;
        }
        List<Occurrence> due = occurrences.lockDueReminders(now, now.plus(before));
        for (Occurrence o : due) {
            notifier.reminder(events.findById(o.eventId()).orElseThrow(), o);
            occurrences.markReminderSent(o.id(), now);
        }
        return due.size();
    }

    /** Writes the last reminders (to those who confirmed from the first one's link) of up to 50 due dates. */
    @Transactional
    public int sendDueLast(Instant now) {
        if (lastBefore.isZero()) {
            return 0;
        }
        List<Occurrence> due = occurrences.lockDueLastReminders(now, now.plus(lastBefore));
        for (Occurrence o : due) {
            notifier.lastReminder(events.findById(o.eventId()).orElseThrow(), o);
            occurrences.markLastReminderSent(o.id(), now);
        }
        return due.size();
    }

    /**
     * Writes the follow-ups ("were you there?") of up to 50 dates ended {@code followup-after} ago, within the last two days
     * (a date older than that, as after an upgrade or a long stop, is not followed up).
     */
    @Transactional
    public int sendDueFollowups(Instant now) {
        if (followupAfter.isZero()) {
            return 0;
        }
        Instant until = now.minus(followupAfter);
        List<Occurrence> due = occurrences.lockDueFollowups(until.minus(Duration.ofDays(2)), until);
        for (Occurrence o : due) {
            notifier.followup(events.findById(o.eventId()).orElseThrow(), o);
            occurrences.markFollowupSent(o.id(), now);
        }
        return due.size();
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "6m")
    void retention() {
        purge(Instant.now());
    }

    /** Erases visitors' details after their action, and unconfirmed answers whose link expired. */
    @Transactional
    public int purge(Instant now) {
        int n = rsvps.anonymizeGuestsEndedBefore(now.minus(guestRetention)) + rsvps.deleteExpiredPending(now);
        if (n > 0) {
            LOG.info("Retention: erased {} visitors' answers", n);
        }
        return n;
    }
}
