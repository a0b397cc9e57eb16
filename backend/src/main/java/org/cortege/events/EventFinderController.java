package org.cortege.events;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.cortege.shared.Access;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

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
    HttpResponse<EventPage> list(@Valid @RequestBean ActionQueries.ListQuery query, HttpRequest<?> request) {
        int p = query.pageOr1();
        int s = query.sizeOr20();
        Locale locale = Messages.localeOf(request);
        EventSearch.Query q = queries.query(query.near(), query.radiusKm(), query.from(), query.to(), query.type(), query.group(),
                "distance".equals(query.sort()), p, s);
        EventSearch.Page found = search.search(q, locale);
        return HttpResponse.ok(new EventPage(found.items(), p, s, found.total(), found.totalCapped()))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
    }

    @Get("/map")
    HttpResponse<GeoJson.FeatureCollection> map(@Valid @RequestBean ActionQueries.MapQuery query, HttpRequest<?> request) {
        double[] b = EventQueryParams.bbox(query.bbox());
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        Instant f = EventQueryParams.instant(query.from(), "from", zone, today, now);
        Instant t = EventQueryParams.instant(query.to(), "to", zone, f.plus(Duration.ofDays(90)), now);
        EventQueryParams.checkWindow(f, t);
        GeoJson.FeatureCollection fc = map.featureCollection(new MapService.Query(b[0], b[1], b[2], b[3], query.zoomLevel(),
                query.withGroups(), query.withEvents(), f, t, Messages.localeOf(request)));
        return HttpResponse.ok(fc).contentType(MediaType.of("application/geo+json"))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
    }
}
