package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * {@code PATCH /api/me}: an absent (null) field keeps its value; an empty phone or birth date
 * removes it.
 */
@Serdeable
public record MeUpdateCommand(
        @Nullable @Size(min = 1, max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String firstName,
        @Nullable @Size(min = 1, max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String lastName,
        @Nullable @Size(max = 30) @Pattern(regexp = "^$|" + Inputs.PHONE, message = "validation.phone") String phone,
        @Nullable @Size(max = 10) @Pattern(regexp = "^$|" + Inputs.DATE, message = "validation.date") String birthDate,
        @Nullable @Size(max = 10) String postalCode,
        @Nullable @Size(max = 10) String inseeCode,
        @Nullable @Size(max = 30) List<@Size(min = 1, max = 40) String> interests) {
}
