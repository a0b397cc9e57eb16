package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Everything known about one person, as staff see it, with its history newest first; {@code relation}
 * (MEMBER, REGULAR_CONTACT or null) and since when.
 */
@Serdeable
public record ContactDetail(ContactRow contact, @Nullable LocalDate birthDate, @Nullable String inseeCode, String locale,
                            @Nullable Instant confirmedAt, @Nullable Instant emailConsentAt, boolean admin,
                            List<String> territories, List<Consent> consents, List<HistoryEntry> history,
                            @Nullable String relation, @Nullable LocalDate relationSince) {

    @Serdeable
    public record Consent(String purpose, String version, String locale, String wording, Instant givenAt,
                          @Nullable Instant withdrawnAt) {
    }

    /**
     * One thing that happened: {@code kind} (created, confirmed, consent, consentWithdrawn, joined,
     * rsvp, attended, tagged, imported, mailed, audit), a label (a group or action title, a tag, a source, an audit
     * action), an optional detail and a link to the page it concerns.
     */
    @Serdeable
    public record HistoryEntry(Instant at, String kind, String label, @Nullable String detail, @Nullable String link,
                               @Nullable String actor) {
    }
}
