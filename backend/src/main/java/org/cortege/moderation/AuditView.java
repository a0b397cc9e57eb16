package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

@Serdeable
public record AuditView(@Nullable String actor, String action, String targetType, String targetId, @Nullable String reason,
                        Instant createdAt) {
}
