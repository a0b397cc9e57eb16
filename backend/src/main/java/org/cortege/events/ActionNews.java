package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import java.time.Instant;
import java.util.List;

/**
 * Something happened to an action that people may want to hear of, published in its transaction for the features
 * that tell them (activity): the mails events sends itself (a change, a cancellation, the reminders) are already
 * queued when it is published.
 *
 * @param kind       what happened
 * @param groupId    the group that publishes the action
 * @param actorId    who did it, when a supporter (the author, the one who answered), null otherwise
 * @param startsAt   the date concerned (the first one for a new action)
 * @param concerned  the supporters who come to the date (a change, a cancellation), empty otherwise
 * @param lat        where the action takes place (null online or unknown), for news near people
 */
public record ActionNews(Kind kind, Long eventId, Long groupId, String title, String slug, @Nullable Long actorId,
                         @Nullable Instant startsAt, List<Long> concerned, @Nullable Double lat, @Nullable Double lng) {

    public enum Kind {
        /** A new action of the group. */
        PUBLISHED,
        /** A date's time, place or title changed. */
        CHANGED,
        /** A date was cancelled. */
        CANCELLED,
        /** Someone said they come (a supporter's answer, or a visitor's once confirmed). */
        ANSWERED,
        /** A date ended: its managers may tell how it went. */
        ENDED,
        /** A date's first report was written: its group's members may read how it went. */
        REPORTED
    }
}
