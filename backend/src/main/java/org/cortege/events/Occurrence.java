package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * One date of an action. {@code state} sums up the action's status and the date's: {@link #ON}
 * (takes place), {@link #CANCELLED}, {@link #HIDDEN} (moderation).
 */
@MappedEntity("event_occurrence")
public record Occurrence(
        @Id @GeneratedValue @Nullable Long id,
        String publicId,
        Long eventId,
        Instant recurrenceId,
        Instant startsAt,
        Instant endsAt,
        boolean cancelled,
        boolean moved,
        OccurrenceState state,
        int sequence,
        Long groupId,
        String type,
        @Nullable String departement,
        @Nullable Double lat,
        @Nullable Double lng,
        int rsvpCount,
        int attendedCount,
        @Nullable Instant reminderSentAt) {

    public static final OccurrenceState ON = OccurrenceState.ON;
    public static final OccurrenceState CANCELLED = OccurrenceState.CANCELLED;
    public static final OccurrenceState HIDDEN = OccurrenceState.HIDDEN;

    static OccurrenceState stateOf(Event e, boolean occurrenceCancelled) {
        if (e.isHidden()) {
            return HIDDEN;
        }
        return e.isCancelled() || occurrenceCancelled ? CANCELLED : ON;
    }
}
