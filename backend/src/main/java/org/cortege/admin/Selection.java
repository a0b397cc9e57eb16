package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;

/**
 * Which people a request is about: the listed ones ({@code people}, public ids), or everyone the
 * search selects ({@code q} and {@code rule}, or a saved {@code segment}), always within the staff
 * member's territory. Also carries the table's sort and page for {@code POST /api/admin/people/search}.
 */
@Serdeable
public record Selection(
        @Nullable @Size(max = 1000) List<@NotBlank @Size(max = 24) String> people,
        @Nullable @Size(max = 100) String q,
        @Nullable @Valid SegmentRule rule,
        @Nullable @Size(max = 24) String segment,
        @Nullable @Size(max = 20) String sort,
        @Nullable Boolean descending,
        @Nullable @Min(1) @Max(10000) Integer page,
        @Nullable @Min(1) @Max(200) Integer size) {
}
