package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** The signed-in person's own view of themselves. */
@Serdeable
public record MeView(String id, String email, String firstName, String lastName, @Nullable String phone,
                     @Nullable LocalDate birthDate, String postalCode, @Nullable String inseeCode, @Nullable String commune,
                     @Nullable String departement, @Nullable String geoPrecision, List<String> interests, List<String> roles,
                     String locale, @Nullable Instant confirmedAt, Instant createdAt) {

    static MeView of(Person p, List<String> interests, boolean organizer) {
        List<String> roles = new java.util.ArrayList<>(List.of("supporter"));
        if (p.admin()) {
            roles.add("admin");
        }
        if (organizer) {
            roles.add("organizer");
        }
        return new MeView(p.publicId(), p.email(), p.firstName(), p.lastName(), p.phone(), p.birthDate(), p.postalCode(),
                p.inseeCode(), p.commune(), p.departement(), p.geoPrecision(), interests, roles, p.locale(),
                p.confirmedAt(), p.createdAt());
    }
}
