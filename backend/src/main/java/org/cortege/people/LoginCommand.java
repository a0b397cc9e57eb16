package org.cortege.people;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/login}. */
@Serdeable
public record LoginCommand(@NotBlank @Size(max = 254) @Pattern(regexp = Inputs.EMAIL, message = "validation.email") String email) {
}
