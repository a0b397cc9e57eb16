package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.cortege.admin.SegmentRule;

/**
 * {@code POST /api/admin/campaigns}, {@code PUT /api/admin/campaigns/{id}}: what to write and to
 * whom — a saved segment (evaluated when sending starts) or a rule of its own.
 */
@Serdeable
public record CampaignCommand(
        @NotBlank @Size(max = 200) @Pattern(regexp = "^[^\\p{Cntrl}]*$", message = "validation.subject") String subject,
        @NotBlank @Size(max = 20000) String body,
        @NotBlank @Pattern(regexp = "fr|en", message = "validation.locale") String locale,
        @Nullable @Size(max = 24) String segment,
        @Nullable @Valid SegmentRule rule) {
}
