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
    private final Duration guestRetention;

    Reminders(OccurrenceRepository occurrences, EventRepository events, RsvpRepository rsvps, EventNotifier notifier,
              EventsProperties properties, @Property(name = "cortege.retention.guest-rsvps") Duration guestRetention) {
        this.occurrences = occurrences;
        this.events = events;
        this.rsvps = rsvps;
        this.notifier = notifier;
        this.before = properties.reminderBefore;
        this.guestRetention = guestRetention;
    }

    @Scheduled(fixedDelay = "${cortege.events.reminder-poll-interval:1m}", initialDelay = "20s")
    void scheduled() {
        if (before.isZero()) {
            return;
        }
        try {
            int sent;
            do {
                sent = sendDue(Instant.now());
            } while (sent > 0);
        } catch (RuntimeException e) {
            LOG.warn("Reminders could not be sent this time ({}); they stay due", e.getClass().getSimpleName());
        }
    }

    /** Writes the reminders of up to 50 due dates; returns how many dates were handled. */
    @Transactional
    public int sendDue(Instant now) {
        List<Occurrence> due = occurrences.lockDueReminders(now, now.plus(before));
        for (Occurrence o : due) {
            notifier.reminder(events.findById(o.eventId()).orElseThrow(), o);
            occurrences.markReminderSent(o.id(), now);
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
