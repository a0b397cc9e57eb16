package org.cortege.moderation;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/reports}, open to anyone. */
@Serdeable
public record ReportCommand(
        @NotBlank @Pattern(regexp = "group|message|event", message = "validation.reportTarget") String targetType,
        @NotBlank @Size(max = 160) String targetId,
        @NotBlank @Pattern(regexp = "spam|hate|harassment|violence|illegal|personal-data|other", message = "validation.reportReason")
        String reason,
        @Nullable @Size(max = 2000) String text) {
}
