package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/** One line of the contacts table. */
@Serdeable
public record ContactRow(String id, String firstName, String lastName, String email, @Nullable String phone,
                         String postalCode, @Nullable String commune, @Nullable String departement, @Nullable Integer age,
                         List<String> interests, List<TagRef> tags, List<GroupRef> groups, int attended,
                         Instant createdAt, String source, @Nullable Instant lastActiveAt, boolean emailConsent, org.cortege.people.PersonStatus status) {

    @Serdeable
    public record TagRef(long id, String name) {
    }

    @Serdeable
    public record GroupRef(String slug, String name, String role) {
    }
}
