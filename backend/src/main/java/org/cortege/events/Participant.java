package org.cortege.events;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A row of a date's participant list, as managers see it: contact details only of those who agreed. */
@Serdeable
record Participant(String rsvpPublicId, String firstName, @Nullable String lastName, boolean guest, boolean shareContact,
                   @Nullable String email, @Nullable String phone, boolean attended, Instant answeredAt) {

    @Introspected
    record Row(String rsvpPublicId, @Nullable String firstName, @Nullable String lastName, @Nullable Long personId,
               boolean shareContact, @Nullable String email, @Nullable String phone, boolean attended, Instant answeredAt) {
        Participant view() {
            return new Participant(rsvpPublicId, firstName == null ? "—" : firstName, lastName, personId == null, shareContact, email,
                    phone, attended, answeredAt);
        }
    }
}
