package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * How to import a file: {@code mapping} (column header → field: email, firstName, lastName, phone,
 * postalCode, commune, birthDate, interests, tags, emailConsent; empty: ignored), what to do with
 * an address already known ({@code duplicates}: update, the default, or skip), and the name of a
 * tag every imported person gets (created if needed). Consent to mailings is read from the
 * emailConsent column only: without it, nobody imported receives mailings.
 */
@Serdeable
public record ImportOptions(
        @Nullable @Size(max = 200) Map<String, String> mapping,
        @Nullable @Pattern(regexp = "update|skip", message = "validation.Invalid") String duplicates,
        @Nullable @Size(max = 60) String tag) {
}
