package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A support group. Never serialized: the API answers with {@link GroupView}. */
@MappedEntity("support_group")
public record SupportGroup(
        @Id @GeneratedValue @Nullable Long id,
        String publicId,
        String slug,
        String name,
        String nameKey,
        String type,
        String descriptionMd,
        String descriptionHtml,
        String country,
        String postalCode,
        String inseeCode,
        String commune,
        String departement,
        @Nullable String address,
        double lat,
        double lng,
        String geoPrecision,
        @Nullable String contactEmail,
        GroupStatus status,
        @Nullable String hiddenReason,
        @Nullable Instant hiddenAt,
        int memberCount,
        @Nullable Long createdBy,
        Instant createdAt,
        Instant updatedAt) {

    public boolean isHidden() {
        return status == GroupStatus.HIDDEN;
    }
}
