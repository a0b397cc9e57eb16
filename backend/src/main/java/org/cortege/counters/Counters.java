package org.cortege.counters;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;

/** Public figures of the movement, optionally for one département. */
@Serdeable
public record Counters(long supporters, long groups, long events, @Nullable String departement, Instant updatedAt) {
}
