package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("report")
record Report(@Id @GeneratedValue @Nullable Long id, String publicId, String targetType, String targetId, String reason,
              @Nullable String text, @Nullable Long reporterId, ReportStatus status, Instant createdAt, @Nullable Instant closedAt,
              @Nullable Long closedBy) {
}
