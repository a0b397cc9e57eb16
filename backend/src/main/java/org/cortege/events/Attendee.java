package org.cortege.events;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;

/** Someone who said they come to a date, with where to write to them. */
@Introspected
record Attendee(Long rsvpId, String rsvpPublicId, Long occurrenceId, @Nullable Long personId, String name, String email,
                String locale) {
}
