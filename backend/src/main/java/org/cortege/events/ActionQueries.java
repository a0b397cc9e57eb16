package org.cortege.events;

import io.micronaut.core.annotation.Introspected;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.annotation.QueryValue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;

/**
 * The query parameters of the routes that find actions, bound and checked by the framework
 * ({@code @RequestBean @Valid}): each wrong value is a field error naming it, in the reader's
 * language. What needs the database or the movement's settings (a place, a type, a group, a
 * window) is read after, by {@link EventQueries} and {@link EventQueryParams}.
 */
final class ActionQueries {

    private ActionQueries() {
    }

    /** {@code GET /api/events}: where, how far, when, what, whose; in which order, which page. */
    @Introspected
    record ListQuery(@Nullable @QueryValue String near, @Nullable @QueryValue @DecimalMin(value = "1", message = "validation.radius")
                     @DecimalMax(value = "200", message = "validation.radius") Double radiusKm, @Nullable @QueryValue String from,
                     @Nullable @QueryValue String to, @Nullable @QueryValue String type, @Nullable @QueryValue String group,
                     @Nullable @QueryValue @Pattern(regexp = "^(date|distance)$", message = "validation.sort") String sort,
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
    }

    /** {@code GET /api/events.ics}: the movement's feed, narrowed like the list. */
    @Introspected
    record FeedQuery(@Nullable @QueryValue String near, @Nullable @QueryValue @DecimalMin(value = "1", message = "validation.radius")
                     @DecimalMax(value = "200", message = "validation.radius") Double radiusKm, @Nullable @QueryValue String from,
                     @Nullable @QueryValue String to, @Nullable @QueryValue String type, @Nullable @QueryValue String group) {
    }

    /** {@code GET /api/map}: the box on screen ("minLng,minLat,maxLng,maxLat"), the zoom (0 to 20), the layers, the window. */
    @Introspected
    record MapQuery(@Nullable @QueryValue String bbox,
                    @Nullable @QueryValue @NotBlank(message = "validation.zoom")
                    @Pattern(regexp = "^\\s*(1?[0-9]|20)\\s*$", message = "validation.zoom") String zoom,
                    @Nullable @QueryValue @Pattern(regexp = "^(\\s*|(groups|events)(,(groups|events))?)$", message = "validation.layers")
                    String layers,
                    @Nullable @QueryValue String from, @Nullable @QueryValue String to) {

        int zoomLevel() {
            return Integer.parseInt(zoom.strip());
        }

        boolean withGroups() {
            return layers == null || layers.isBlank() || layers.contains("groups");
        }

        boolean withEvents() {
            return layers == null || layers.isBlank() || layers.contains("events");
        }
    }
}
