package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * An action as the public sees it, with its dates and what the viewer may do ({@code canManage}).
 * {@code cohosts}: the groups that accepted to co-organise it.
 * {@code start}/{@code end} are the first date's wall-clock times in {@code timeZone}, as entered.
 * {@code hidden}: hidden by the moderation (itself or its group), seen only by admins and the group's
 * managers, with {@code hiddenReason}.
 * {@code precision}: {@code manual} when the organizer placed the pin, else the commune point's precision.
 * {@code recurrenceLabel}: the repetition in words ("tous les mardis"), null when there is none or no words for it.
 */
@Serdeable
public record EventView(String id, String slug, String title, String type, String typeLabel, String description,
                        String descriptionHtml, GroupRef group, List<GroupRef> cohosts, String timeZone, String start, String end,
                        boolean allDay, @Nullable String recurrence, @Nullable String recurrenceLabel, boolean online, @Nullable String onlineUrl,
                        @Nullable String address, @Nullable String postalCode, @Nullable String inseeCode, @Nullable String commune,
                        @Nullable String departement, @Nullable Double lat, @Nullable Double lng, @Nullable Integer capacity,
                        EventStatus status, Instant createdAt, boolean canManage, List<OccurrenceView> occurrences,
                        List<Invited> invitedCohosts, boolean hidden, @Nullable String hiddenReason,
                        @Nullable String precision) {

    @Serdeable
    public record GroupRef(String id, String slug, String name) {
    }

    /** For the action's managers: groups asked to co-organise that have not accepted ("PENDING", "DECLINED"). */
    @Serdeable
    public record Invited(GroupRef group, String status) {
    }
}
