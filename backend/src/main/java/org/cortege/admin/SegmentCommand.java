package org.cortege.admin;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code POST /api/admin/segments}, {@code PUT /api/admin/segments/{id}}. */
@Serdeable
public record SegmentCommand(
        @NotBlank @Size(max = 120) @Pattern(regexp = "^[^<>\\p{Cntrl}]*$", message = "validation.tagName") String name,
        @NotNull @Valid SegmentRule rule) {
}
