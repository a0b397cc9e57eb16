package org.cortege.counters;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.util.Locale;
import java.util.Optional;
import org.cortege.geo.GeoService;
import org.cortege.shared.ApiException;

@Access(Access.Level.VISITOR)
@Tag(name = "site")
@Controller("/api/counters")
@ExecuteOn(TaskExecutors.BLOCKING)
class CountersController {

    private final CountersService counters;
    private final GeoService geo;

    CountersController(CountersService counters, GeoService geo) {
        this.counters = counters;
        this.geo = geo;
    }

    /**
     * Cacheable for 5 s by browsers and proxies, with a weak ETag on the figures: a rush of
     * visitors costs the database one query per 5 s and node.
     */
    @Get
    HttpResponse<Counters> get(@Nullable @QueryValue String departement, HttpRequest<?> request) {
        Optional<String> territory = Optional.ofNullable(departement).map(d -> d.trim().toUpperCase(Locale.ROOT))
                .filter(d -> !d.isEmpty());
        if (territory.isPresent() && !geo.departementExists(territory.get())) {
            throw ApiException.invalidField("departement", "validation.departementUnknown");
        }
        Counters c = counters.get(territory);
        String etag = "W/\"" + Long.toHexString(c.supporters()) + "-" + Long.toHexString(c.groups()) + "-"
                + Long.toHexString(c.events()) + "\"";
        if (etag.equals(request.getHeaders().get("If-None-Match"))) {
            return HttpResponse.<Counters>status(HttpStatus.NOT_MODIFIED).header("ETag", etag)
                    .header("Cache-Control", "public, max-age=5");
        }
        return HttpResponse.ok(c).header("ETag", etag).header("Cache-Control", "public, max-age=5");
    }
}
