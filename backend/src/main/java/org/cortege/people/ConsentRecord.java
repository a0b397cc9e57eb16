package org.cortege.people;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import java.time.Instant;

/** A consent as given (and maybe withdrawn): what the person read, in which language, when. */
@Introspected
public record ConsentRecord(String purpose, String version, String locale, String wording, Instant givenAt,
                            @Nullable Instant withdrawnAt) {
}
