package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** {@code POST /api/logout}: {@code everywhere} ends every session of the person. */
@Serdeable
public record LogoutCommand(@Nullable Boolean everywhere) {
}
