package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A saved selection of contacts: its name and its rule tree as JSON ({@link SegmentRule}). */
@MappedEntity("segment")
record Segment(@Id @GeneratedValue @Nullable Long id, String publicId, String name, String definition, @Nullable Long createdBy,
               Instant createdAt, Instant updatedAt) {

    Segment changed(String newName, String newDefinition, Instant at) {
        return new Segment(id, publicId, newName, newDefinition, createdBy, createdAt, at);
    }
}
