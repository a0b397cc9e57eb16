package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;
import java.time.LocalDate;

/** A supporter. Never serialized: the API answers with {@link MeView}. */
@MappedEntity("person")
public record Person(
        @Id @GeneratedValue @Nullable Long id,
        String publicId,
        String email,
        String firstName,
        String lastName,
        @Nullable String phone,
        @Nullable LocalDate birthDate,
        String country,
        String postalCode,
        @Nullable String inseeCode,
        @Nullable String commune,
        @Nullable String departement,
        @Nullable Double lat,
        @Nullable Double lng,
        @Nullable String geoPrecision,
        String locale,
        PersonStatus status,
        boolean admin,
        boolean adminGranted,
        String source,
        Instant createdAt,
        @Nullable Instant confirmedAt,
        Instant updatedAt,
        @Nullable Instant lastActiveAt,
        boolean emailConsent,
        @Nullable Instant emailConsentAt) {

    public static final PersonStatus PENDING = PersonStatus.PENDING;
    public static final PersonStatus CONFIRMED = PersonStatus.CONFIRMED;
    public static final PersonStatus BANNED = PersonStatus.BANNED;
    /** Imported from a file, never signed up: no session until they prove their address. */
    public static final PersonStatus CONTACT = PersonStatus.CONTACT;

    public boolean isConfirmed() {
        return status == CONFIRMED;
    }

    /**
     * The person as they are now for these listed admin addresses: an admin while the operator's
     * grant stands or CORTEGE_ADMIN_EMAILS lists them, and never once banned.
     */
    Person withAdmin(boolean listed) {
        boolean now = !isBanned() && (adminGranted || listed);
        return now == admin ? this : new Person(id, publicId, email, firstName, lastName, phone, birthDate, country, postalCode, inseeCode,
                commune, departement, lat, lng, geoPrecision, locale, status, now, adminGranted, source, createdAt, confirmedAt, updatedAt,
                lastActiveAt, emailConsent, emailConsentAt);
    }

    /**
     * The person with no admin powers, as a session that has not proved the admin's second factor
     * sees them: a supporter like any other until it does.
     */
    public Person withoutAdminPowers() {
        return !admin ? this : new Person(id, publicId, email, firstName, lastName, phone, birthDate, country, postalCode, inseeCode,
                commune, departement, lat, lng, geoPrecision, locale, status, false, false, source, createdAt, confirmedAt, updatedAt,
                lastActiveAt, emailConsent, emailConsentAt);
    }

    public boolean isBanned() {
        return status == BANNED;
    }
}
