package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** "I come" to one date: from a supporter ({@code personId}) or a visitor ({@code guestName}, {@code guestEmail}). */
@MappedEntity("event_rsvp")
public record Rsvp(
        @Id @GeneratedValue @Nullable Long id,
        String publicId,
        Long occurrenceId,
        @Nullable Long personId,
        @Nullable String guestName,
        @Nullable String guestEmail,
        String locale,
        String attendeeKey,
        RsvpStatus status,
        boolean shareContact,
        boolean attended,
        @Nullable String tokenHash,
        @Nullable Instant tokenExpiresAt,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isConfirmed() {
        return status == RsvpStatus.CONFIRMED;
    }
}
