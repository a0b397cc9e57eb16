package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/signup/confirm} and {@code POST /api/login/confirm}: a link token, or an email and its code. */
@Serdeable
public record ConfirmCommand(
        @Nullable @Size(max = 100) String token,
        @Nullable @Size(max = 254) String email,
        @Nullable @Pattern(regexp = "^\\s*\\d{6}\\s*$", message = "validation.code") String code) {
}
