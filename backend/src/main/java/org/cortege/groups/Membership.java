package org.cortege.groups;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** One person's place in one group. */
@Introspected
public record Membership(Long groupId, Long personId, MemberRole role, boolean shareContact, @Nullable Instant shareContactAt,
                         Instant joinedAt) {
}
