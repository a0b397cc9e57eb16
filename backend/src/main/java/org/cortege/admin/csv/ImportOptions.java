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
 * <p>
 * Where the people come from and on what basis they may be kept (CNIL, political communication
 * files), declared before an import starts ({@link #declarationErrors()}): {@code origin} one of
 * {@link #ORIGINS} ({@code other} described in {@code originDetail}); {@code legalBasis}
 * {@code consent} (consent collected, with its proof kept elsewhere) or {@code regular-contact}
 * (members and people in regular contact with the movement, GDPR article 9(2)(d)); and
 * {@code attested}: the person importing vouches for it. A bought or rented list and a
 * professional or public-sector file are refused, saying why. {@code purgeOn}: the day the people
 * this import creates are erased, unless they signed up themselves by then (a file collected for
 * one election: the day after the vote).
 */
@Serdeable
public record ImportOptions(
        @Nullable @Size(max = 200) Map<String, String> mapping,
        @Nullable @Pattern(regexp = "update|skip", message = "validation.Invalid") String duplicates,
        @Nullable @Size(max = 60) String tag,
        @Nullable @Pattern(regexp = "petition|sign-in-sheet|former-tool|other|bought-or-rented|professional-or-public",
                message = "validation.importOrigin") String origin,
        @Nullable @Size(max = 200) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.Invalid") String originDetail,
        @Nullable @Pattern(regexp = "consent|regular-contact", message = "validation.importBasis") String legalBasis,
        @Nullable Boolean attested,
        @Nullable java.time.LocalDate purgeOn) {

    /** A web or mail address, or anything that reads as a domain ("evil.example"). */
    private static final java.util.regex.Pattern LINK = java.util.regex.Pattern.compile(
            "(?i)(://|www\\.|@|[\\p{L}\\d-]+\\.[\\p{L}]{2,})");

    /** The origins an import may declare, in the form's order; the last two are refused. */
    public static final java.util.List<String> ORIGINS = java.util.List.of("petition", "sign-in-sheet", "former-tool", "other",
            "bought-or-rented", "professional-or-public");

    /** Mapping, duplicates and tag only (a file just read: nothing declared yet). */
    public ImportOptions(@Nullable Map<String, String> mapping, @Nullable String duplicates, @Nullable String tag) {
        this(mapping, duplicates, tag, null, null, null, null, null);
    }

    /** What is missing or refused in the declaration, field → message key; empty when an import may start. */
    public Map<String, String> declarationErrors() {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        if (origin == null || origin.isBlank()) {
            errors.put("origin", "validation.importOriginRequired");
        } else if (origin.equals("bought-or-rented")) {
            errors.put("origin", "validation.importBought");
        } else if (origin.equals("professional-or-public")) {
            errors.put("origin", "validation.importProfessional");
        } else if (origin.equals("other") && (originDetail == null || originDetail.isBlank())) {
            errors.put("originDetail", "validation.importOriginDetail");
        } else if (originDetail != null && LINK.matcher(originDetail).find()) {
            // the detail is quoted in the mail each imported person gets: words only, no address to follow
            errors.put("originDetail", "validation.importOriginDetailLink");
        }
        if (legalBasis == null || legalBasis.isBlank()) {
            errors.put("legalBasis", "validation.importBasisRequired");
        }
        if (!Boolean.TRUE.equals(attested)) {
            errors.put("attested", "validation.importAttestation");
        }
        return errors;
    }
}
