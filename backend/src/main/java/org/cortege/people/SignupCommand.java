package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;

/** {@code POST /api/signup}. */
@Serdeable
public record SignupCommand(
        @NotBlank @Size(max = 254) @Pattern(regexp = Inputs.EMAIL, message = "validation.email") String email,
        @NotBlank @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String firstName,
        @NotBlank @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String lastName,
        @NotBlank @Size(max = 10) String postalCode,
        @Nullable @Size(max = 10) String inseeCode,
        @Nullable @Size(max = 30) @Pattern(regexp = Inputs.PHONE, message = "validation.phone") String phone,
        @Nullable @Size(max = 10) @Pattern(regexp = Inputs.DATE, message = "validation.date") String birthDate,
        @Nullable @Size(max = 30) List<@NotBlank @Size(max = 40) String> interests,
        @NotNull(message = "validation.consent") @AssertTrue(message = "validation.consent") Boolean consent,
        @Nullable @Size(max = 40) String consentVersion,
        @Nullable @Valid VisitSource source) {
}
