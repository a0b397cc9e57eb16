package org.cortege.moderation;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/** Every moderation action states why; the reason goes to the audit log (and, for a hidden group, to its managers later). */
@Serdeable
public record ModerationCommand(@NotBlank(message = "validation.reasonRequired") @Size(max = 500) String reason) {
}
