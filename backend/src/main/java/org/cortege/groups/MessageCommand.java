package org.cortege.groups;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** {@code POST /api/groups/{id}/messages}: a mail from the group's managers to all its members, in plain text. */
@Serdeable
public record MessageCommand(@NotBlank @Size(min = 3, max = 150) String subject, @NotBlank @Size(max = 10000) String body) {
}
