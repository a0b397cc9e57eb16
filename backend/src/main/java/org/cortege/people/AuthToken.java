package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** A single-use secret sent by mail: a link token and, for logins, a 6-digit code. Hashes only. */
@MappedEntity("auth_token")
record AuthToken(
        @Id @GeneratedValue @Nullable Long id,
        Long personId,
        String purpose,
        String tokenHash,
        @Nullable String codeHash,
        int attempts,
        Instant createdAt,
        Instant expiresAt,
        @Nullable Instant usedAt,
        @Nullable String consentVersion,
        @Nullable String consentLocale,
        @Nullable String consentWording) {

    static final String SIGNUP = "SIGNUP";
    static final String LOGIN = "LOGIN";

    boolean usableAt(Instant now) {
        return usedAt == null && expiresAt.isAfter(now);
    }
}
