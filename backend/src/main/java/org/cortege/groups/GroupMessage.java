package org.cortege.groups;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** A message managers sent to their group, as moderators read it. */
@Introspected
public record GroupMessage(String publicId, String groupPublicId, String groupName, String groupSlug, @Nullable Long authorId,
                           String subject, String body, Instant createdAt) {
}
