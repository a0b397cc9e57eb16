package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * {@code POST /api/groups} (all required fields present) and {@code PATCH /api/groups/{id}} (null
 * keeps a value; an empty address or contact email removes it). A pin ({@code lat}, {@code lng})
 * must lie near the commune.
 */
@Serdeable
public record GroupCommand(
        @Nullable @Size(min = 3, max = 120) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.noMarkup") String name,
        @Nullable @Size(max = 40) String type,
        @Nullable @Size(max = 20000) String description,
        @Nullable @Size(max = 10) String postalCode,
        @Nullable @Size(max = 10) String inseeCode,
        @Nullable @Size(max = 200) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.noMarkup") String address,
        @Nullable @DecimalMin("-90") @DecimalMax("90") Double lat,
        @Nullable @DecimalMin("-180") @DecimalMax("180") Double lng,
        @Nullable @Size(max = 254) @Pattern(regexp = "^$|^(?=.{3,254}$)[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]{1,64}@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$",
                message = "validation.email") String contactEmail) {
}
