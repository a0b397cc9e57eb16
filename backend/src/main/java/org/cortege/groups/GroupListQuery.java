package org.cortege.groups;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Size;

/**
 * {@code GET /api/groups}'s query parameters, bound and checked by the framework
 * ({@code @RequestBean @Valid}): near a place (postal code or "lat,lng", read by {@code GeoService}),
 * within 1 to 200 km (20 by default), of a type, matching a text, which page of how many.
 */
@Introspected
record GroupListQuery(@Nullable @QueryValue String near,
                      @Nullable @QueryValue @DecimalMin(value = "1", message = "validation.radius")
                      @DecimalMax(value = "200", message = "validation.radius") Double radiusKm,
                      @Nullable @QueryValue String type,
                      @Nullable @QueryValue @Size(max = 100, message = "validation.query") String q,
                      @Nullable @QueryValue @Min(value = 1, message = "validation.page") @Max(value = 10000, message = "validation.page")
                      Integer page,
                      @Nullable @QueryValue @Min(value = 1, message = "validation.pageSize") @Max(value = 50, message = "validation.pageSize")
                      Integer size) {

    int pageOr1() {
        return page == null ? 1 : page;
    }

    int sizeOr20() {
        return size == null ? 20 : size;
    }

    double radiusOr20() {
        return radiusKm == null ? 20 : radiusKm;
    }

    /** The text searched, trimmed; null when none. */
    @Nullable
    String text() {
        return q == null || q.isBlank() ? null : q.strip();
    }

    @Nullable
    String typeOrNull() {
        return type == null || type.isBlank() ? null : type;
    }
}
