package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A label staff put on contacts; {@code nameKey} (lower-cased) keeps "Jeunes" and "jeunes" one tag. */
@MappedEntity("tag")
record ContactTag(@Id @GeneratedValue @Nullable Long id, String name, String nameKey, @Nullable Long createdBy, Instant createdAt) {

    ContactTag named(String newName, String newKey) {
        return new ContactTag(id, newName, newKey, createdBy, createdAt);
    }
}
