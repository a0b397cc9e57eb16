package org.cortege.activity;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code PUT /api/me/notifications/{kind}}: how its mail comes (immediate, daily, weekly, off). */
@Serdeable
public record ChoiceCommand(@NotBlank(message = "validation.mailChoice")
                            @Pattern(regexp = "immediate|daily|weekly|off", message = "validation.mailChoice") String mail) {
}
