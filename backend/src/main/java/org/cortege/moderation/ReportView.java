package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A report in the admins' queue, with what it points at. */
@Serdeable
public record ReportView(String id, String targetType, String targetId, @Nullable String targetName, @Nullable String targetSlug,
                         @Nullable String targetStatus, @Nullable String founderId, @Nullable String founderName, String reason, @Nullable String text, boolean anonymous, String status,
                         Instant createdAt) {
}
