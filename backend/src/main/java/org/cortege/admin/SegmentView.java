package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** A saved segment: its name and rule tree; counted on demand ({@code /api/admin/segments/{id}/count}). */
@Serdeable
public record SegmentView(String id, String name, SegmentRule rule, @Nullable String createdBy, Instant createdAt,
                          Instant updatedAt) {
}
