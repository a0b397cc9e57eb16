package org.cortege.events;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;

/** The {@code cortege.events} settings that bound what organisers may enter. */
@Singleton
class EventsProperties {

    final Schedule.Limits limits;
    final int maxCohosts;
    final Duration reminderBefore;
    final Duration lastReminderBefore;
    final Duration followupAfter;
    final Duration guestRsvpTtl;

    EventsProperties(@Property(name = "cortege.events.max-occurrences") int maxOccurrences,
                     @Property(name = "cortege.events.max-recurrence-span") Duration maxSpan,
                     @Property(name = "cortege.events.max-duration") Duration maxDuration,
                     @Property(name = "cortege.events.max-cohosts") int maxCohosts,
                     @Property(name = "cortege.events.reminder-before") Duration reminderBefore,
                     @Property(name = "cortege.events.last-reminder-before") Duration lastReminderBefore,
                     @Property(name = "cortege.events.followup-after") Duration followupAfter,
                     @Property(name = "cortege.events.guest-rsvp-ttl") Duration guestRsvpTtl) {
        this.limits = new Schedule.Limits(maxOccurrences, maxSpan, maxDuration);
        this.maxCohosts = maxCohosts;
        this.reminderBefore = reminderBefore;
        this.lastReminderBefore = lastReminderBefore;
        this.followupAfter = followupAfter;
        this.guestRsvpTtl = guestRsvpTtl;
    }
}
