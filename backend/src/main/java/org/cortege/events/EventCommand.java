package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code POST /api/groups/{group}/events} and {@code PATCH /api/events/{event}} (null keeps a value).
 * {@code start}/{@code end}: "2027-03-20T10:00" in the movement's time zone, or "2027-03-20" all day
 * (end = last day). {@code recurrence}: an RRULE ("FREQ=WEEKLY;BYDAY=SA;COUNT=10"), "" for none.
 * {@code capacity}: 0 for no limit. {@code cohosts}: slugs or ids of co-organising groups.
 */
@Serdeable
public record EventCommand(
        @Nullable @Size(min = 3, max = 140) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.noMarkup") String title,
        @Nullable @Size(max = 40) String type,
        @Nullable @Size(max = 20000) String description,
        @Nullable @Size(max = 25) String start,
        @Nullable @Size(max = 25) String end,
        @Nullable Boolean allDay,
        @Nullable @Size(max = 200) String recurrence,
        @Nullable Boolean online,
        @Nullable @Size(max = 500) @Pattern(regexp = "^$|^https://[^\\s<>\"]+$", message = "validation.onlineUrl") String onlineUrl,
        @Nullable @Size(max = 200) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.noMarkup") String address,
        @Nullable @Size(max = 10) String postalCode,
        @Nullable @Size(max = 10) String inseeCode,
        @Nullable @DecimalMin("-90") @DecimalMax("90") Double lat,
        @Nullable @DecimalMin("-180") @DecimalMax("180") Double lng,
        @Nullable @Min(0) @Max(100000) Integer capacity,
        @Nullable @Size(max = 5) List<@Size(max = 140) String> cohosts) {
}
