package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/** Who did what to what, and why: every moderation action leaves one. */
@MappedEntity("audit_log")
record AuditEntry(@Id @GeneratedValue @Nullable Long id, @Nullable Long actorId, String action, String targetType,
                  String targetId, @Nullable String reason, Instant createdAt) {
}
