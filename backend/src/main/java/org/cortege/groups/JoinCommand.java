package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import org.cortege.people.VisitSource;

/**
 * {@code POST /api/groups/{id}/membership}: whether the member lets the group's managers see their email and phone,
 * and the share link or campaign the visit came through, if any.
 */
@Serdeable
public record JoinCommand(@Nullable Boolean shareContact, @Nullable @Valid VisitSource source) {
}
