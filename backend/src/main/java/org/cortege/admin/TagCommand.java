package org.cortege.admin;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/admin/tags}, {@code PATCH /api/admin/tags/{id}}: a tag's name. */
@Serdeable
public record TagCommand(
        @NotBlank @Size(max = 60) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.tagName") String name) {
}
