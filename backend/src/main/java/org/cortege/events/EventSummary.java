package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.OffsetDateTime;

/**
 * A date of an action in a list: what a card needs, the distance when searching near a place, and
 * the action's repetition in words when it has one ("tous les mardis").
 */
@Serdeable
public record EventSummary(String occurrenceId, String slug, String title, String type, String typeLabel, OffsetDateTime start,
                           OffsetDateTime end, boolean allDay, OccurrenceState state, boolean online, @Nullable String commune,
                           @Nullable String departement, @Nullable Double lat, @Nullable Double lng, String groupName,
                           String groupSlug, int rsvpCount, @Nullable Integer capacity, @Nullable Double distanceKm,
                           @Nullable String recurrenceLabel) {
}
