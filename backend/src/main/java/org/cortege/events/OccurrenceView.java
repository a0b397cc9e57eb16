package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.OffsetDateTime;

/**
 * One date of an action: start and end with the movement's UTC offset of that day. {@code going}
 * says whether the signed-in viewer said they come (null when anonymous). {@code reportHtml}: what happened, as the
 * group's managers told it (sanitized); {@code reportMarkdown}, its source, only for those who may edit it.
 */
@Serdeable
public record OccurrenceView(String id, OffsetDateTime start, OffsetDateTime end, OccurrenceState state, boolean moved, boolean past,
                             int rsvpCount, int attendedCount, boolean full, @Nullable Boolean going, @Nullable String reportHtml,
                             @Nullable String reportMarkdown) {
}
