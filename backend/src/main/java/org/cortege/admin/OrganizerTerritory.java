package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Embeddable;
import io.micronaut.data.annotation.EmbeddedId;
import io.micronaut.data.annotation.MappedEntity;
import io.micronaut.data.annotation.MappedProperty;
import java.time.Instant;

/** A département an organizer may work on, granted by an admin (null once that admin is erased). */
@MappedEntity("organizer_territory")
record OrganizerTerritory(@EmbeddedId Key id, @Nullable Long grantedBy, Instant grantedAt) {

    @Embeddable
    record Key(@MappedProperty("person_id") Long personId, @MappedProperty("departement") String departement) {
    }
}
