package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Positive;

/** {@code POST /api/me/activity/read}: marks read up to this entry (every entry when absent). */
@Serdeable
public record ReadCommand(@Nullable @Positive(message = "validation.positive") Long upTo) {
}
