package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("user_session")
record UserSession(
        @Id @GeneratedValue @Nullable Long id,
        String tokenHash,
        Long personId,
        Instant createdAt,
        Instant lastSeenAt,
        Instant expiresAt,
        @Nullable Instant secondFactorAt) {
}
