package org.cortege.groups;

import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/** {@code PATCH /api/groups/{id}/members/{memberId}}: MANAGER or MEMBER; FOUNDER hands the group over. */
@Serdeable
public record RoleCommand(@NotBlank @Pattern(regexp = "FOUNDER|MANAGER|MEMBER", message = "validation.role") String role) {
}
