package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Paging;

/**
 * Finding actions: the list (near a place, in a window, of a type or a group, by date or distance)
 * and the map's GeoJSON. The search's parameters are read by {@link EventQueries}, shared with the
 * calendar feeds.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "events")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class EventFinderController {

    @Serdeable
    record EventPage(List<EventSummary> items, int page, int size, long total, boolean totalCapped) {
    }

    private final EventSearch search;
    private final MapService map;
    private final EventQueries queries;
    private final InstanceSettings settings;

    EventFinderController(EventSearch search, MapService map, EventQueries queries, InstanceSettings settings) {
        this.search = search;
        this.map = map;
        this.queries = queries;
        this.settings = settings;
    }

    /** {@code near}: postal code or "lat,lng"; {@code from}/{@code to}: dates; {@code sort}: date or distance. */
    @Get("/events")
    HttpResponse<EventPage> list(@Nullable @QueryValue String near, @Nullable @QueryValue Double radiusKm,
                                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                              @Nullable @QueryValue String type, @Nullable @QueryValue String group,
                                              @Nullable @QueryValue String sort, @Nullable @QueryValue Integer page,
                                              @Nullable @QueryValue Integer size, HttpRequest<?> request) {
        int p = Paging.page(page);
        int s = size == null ? 20 : size;
        if (s < 1 || s > 50) {
            throw ApiException.invalidField("size", "validation.pageSize");
        }
        Locale locale = Messages.localeOf(request);
        EventSearch.Query q = queries.query(near, radiusKm, from, to, type, group, sort, p, s);
        EventSearch.Page found = search.search(q, locale);
        return HttpResponse.ok(new EventPage(found.items(), p, s, found.total(), found.totalCapped()))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
    }

    @Get("/map")
    HttpResponse<GeoJson.FeatureCollection> map(@Nullable @QueryValue String bbox, @Nullable @QueryValue String zoom,
                                          @Nullable @QueryValue String layers, @Nullable @QueryValue String from,
                                          @Nullable @QueryValue String to, HttpRequest<?> request) {
        double[] b = EventQueryParams.bbox(bbox);
        int z;
        try {
            z = Integer.parseInt(zoom == null ? "" : zoom.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("zoom", "validation.zoom");
        }
        if (z < 0 || z > 20) {
            throw ApiException.invalidField("zoom", "validation.zoom");
        }
        boolean withGroups = true;
        boolean withEvents = true;
        if (layers != null && !layers.isBlank()) {
            List<String> ls = List.of(layers.split(","));
            if (ls.size() > 2 || ls.stream().anyMatch(l -> !l.equals("groups") && !l.equals("events"))) {
                throw ApiException.invalidField("layers", "validation.layers");
            }
            withGroups = ls.contains("groups");
            withEvents = ls.contains("events");
        }
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        Instant f = EventQueryParams.instant(from, "from", zone, today, now);
        Instant t = EventQueryParams.instant(to, "to", zone, f.plus(Duration.ofDays(90)), now);
        EventQueryParams.checkWindow(f, t);
        GeoJson.FeatureCollection fc = map.featureCollection(new MapService.Query(b[0], b[1], b[2], b[3], z, withGroups, withEvents, f, t,
                Messages.localeOf(request)));
        return HttpResponse.ok(fc).contentType(MediaType.of("application/geo+json"))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
    }

}
