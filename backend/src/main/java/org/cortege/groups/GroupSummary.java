package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** A group in a list: enough to choose one, with its distance when the search had a centre. */
@Serdeable
public record GroupSummary(String id, String slug, String name, String type, String typeLabel, String commune,
                           String departement, double lat, double lng, String precision, int memberCount,
                           @Nullable Double distanceKm) {
}
