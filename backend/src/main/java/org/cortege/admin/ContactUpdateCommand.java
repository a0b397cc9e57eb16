package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.cortege.people.Inputs;

/**
 * {@code PATCH /api/admin/people/{id}}: an admin or organizer corrects what a person told them.
 * Null fields keep their value; an empty phone or birth date erases it. Email consent can only be
 * withdrawn here (a person asking by phone), never given on their behalf. {@code relation}: MEMBER,
 * REGULAR_CONTACT, or empty for neither, since {@code relationSince} (today when not given).
 */
@Serdeable
public record ContactUpdateCommand(
        @Nullable @Size(max = 254) @Pattern(regexp = Inputs.EMAIL, message = "validation.email") String email,
        @Nullable @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String firstName,
        @Nullable @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String lastName,
        @Nullable @Size(max = 30) @Pattern(regexp = "^$|" + Inputs.PHONE, message = "validation.phone") String phone,
        @Nullable @Size(max = 10) @Pattern(regexp = "^$|" + Inputs.DATE, message = "validation.date") String birthDate,
        @Nullable @Size(max = 10) String postalCode,
        @Nullable @Size(max = 10) String inseeCode,
        @Nullable @Size(max = 30) List<@NotBlank @Size(max = 40) String> interests,
        @Nullable Boolean emailConsent,
        @Nullable @Pattern(regexp = "^(|MEMBER|REGULAR_CONTACT)$", message = "validation.relation") String relation,
        @Nullable @Size(max = 10) @Pattern(regexp = "^$|" + Inputs.DATE, message = "validation.date") String relationSince) {
}
