package org.cortege.groups;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/groups/{id}/membership}: whether the member lets the group's managers see their email and phone. */
@Serdeable
public record JoinCommand(@Nullable Boolean shareContact) {
}
