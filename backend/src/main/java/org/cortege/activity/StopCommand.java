package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/** The stop page's request: the signed link's parts (person, kind, signature) in the body, so that no log keeps them. */
@Serdeable
public record StopCommand(@Nullable String m, @Nullable String k, @Nullable String t) {
}
