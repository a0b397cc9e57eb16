package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;

/** {@code PUT /api/me/notifications/{kind}}: how its mail comes (immediate, daily, weekly, off), whether it is pushed; either may be left out. */
@Serdeable
public record ChoiceCommand(@Nullable @Pattern(regexp = "immediate|daily|weekly|off", message = "validation.mailChoice") String mail,
                            @Nullable Boolean push) {
}
