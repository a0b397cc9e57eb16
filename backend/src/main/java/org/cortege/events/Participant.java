package org.cortege.events;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A row of a date's participant list, as managers see it: contact details only of those who agreed; whether they
 * confirmed from the reminder's link ({@code reconfirmed}) and what they said after the date ({@code cameSaid}: null
 * while unsaid), beside the managers' own mark ({@code attended}); {@code firstTime}: a supporter who came, and had never
 * come to an action of the movement before.
 */
@Serdeable
record Participant(String rsvpPublicId, String firstName, @Nullable String lastName, boolean guest, boolean shareContact,
                   @Nullable String email, @Nullable String phone, boolean attended, Instant answeredAt, boolean reconfirmed,
                   @Nullable Boolean cameSaid, boolean firstTime) {

    @Introspected
    record Row(String rsvpPublicId, @Nullable String firstName, @Nullable String lastName, @Nullable Long personId,
               boolean shareContact, @Nullable String email, @Nullable String phone, boolean attended, Instant answeredAt,
               @Nullable Instant reconfirmedAt, @Nullable Boolean cameSaid, long neverBefore) {
        Participant view() {
            return new Participant(rsvpPublicId, firstName == null ? "—" : firstName, lastName, personId == null, shareContact, email,
                    phone, attended, answeredAt, reconfirmedAt != null, cameSaid,
                    neverBefore == 1 && (attended || Boolean.TRUE.equals(cameSaid)));
        }
    }
}
