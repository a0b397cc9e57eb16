package org.cortege.groups;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

@Introspected
record MemberRow(Long personId, String publicId, String firstName, String lastName, String email, @Nullable String phone,
                 MemberRole role, boolean shareContact, Instant joinedAt) {
}
