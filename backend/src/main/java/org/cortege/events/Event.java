package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDateTime;

/** An action as its organisers wrote it. Never serialized: the API answers with {@link EventView}. */
@MappedEntity("event")
public record Event(
        @Id @GeneratedValue @Nullable Long id,
        String publicId,
        String slug,
        Long groupId,
        String title,
        String type,
        String descriptionMd,
        String descriptionHtml,
        String timeZone,
        LocalDateTime localStart,
        LocalDateTime localEnd,
        boolean allDay,
        @Nullable String rrule,
        boolean online,
        @Nullable String onlineUrl,
        @Nullable String address,
        @Nullable String postalCode,
        @Nullable String inseeCode,
        @Nullable String commune,
        @Nullable String departement,
        @Nullable Double lat,
        @Nullable Double lng,
        @Nullable String geoPrecision,
        @Nullable Integer capacity,
        EventStatus status,
        @Nullable String hiddenReason,
        @Nullable Instant cancelledAt,
        int sequence,
        @Nullable Long createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public static final EventStatus PUBLISHED = EventStatus.PUBLISHED;
    public static final EventStatus CANCELLED = EventStatus.CANCELLED;
    public static final EventStatus HIDDEN = EventStatus.HIDDEN;

    public boolean isHidden() {
        return HIDDEN.equals(status);
    }

    public boolean isCancelled() {
        return CANCELLED.equals(status);
    }
}
