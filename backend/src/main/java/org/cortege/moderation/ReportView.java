package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/**
 * A report in the admins' queue, with what it points at: the group (for a message, the group it was
 * sent to, and its subject and text; for an action, the group that published it and the action),
 * the statuses, and who is responsible (the group's founder, the message's or the action's author),
 * whom an admin may ban.
 */
@Serdeable
public record ReportView(String id, String targetType, String targetId, String groupId, @Nullable String groupName,
                         @Nullable String groupSlug, @Nullable org.cortege.groups.GroupStatus groupStatus, @Nullable String messageSubject,
                         @Nullable String messageBody, @Nullable String eventId, @Nullable String eventTitle,
                         @Nullable String eventSlug, @Nullable org.cortege.events.EventStatus eventStatus, @Nullable String authorId, @Nullable String authorName, String reason, @Nullable String text, boolean anonymous, ReportStatus status,
                         Instant createdAt) {
}
