package org.cortege.geo;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;
import org.cortege.shared.ApiException;

@Access(Access.Level.VISITOR)
@Tag(name = "places")
@Controller("/api/geo")
@ExecuteOn(TaskExecutors.BLOCKING)
class GeoController {

    @Serdeable
    record CommuneView(String inseeCode, String name, String departement, double lat, double lng, String precision) {
    }

    /** Suggestions per client address and minute: a person types a few letters, a script many thousands. */
    static final int PLACES_PER_MINUTE = 120;

    /** Address searches per client address and minute: the operator's geocoder is a small server too. */
    static final int ADDRESSES_PER_MINUTE = 30;
    /** Address searches per node and minute, everyone together. */
    static final int ADDRESSES_PER_NODE_MINUTE = 300;

    private final GeoService geo;
    private final AddressSearch addressSearch;
    private final org.cortege.shared.LocalRateLimiter limiter;
    private final org.cortege.shared.ClientAddress addresses;

    GeoController(GeoService geo, AddressSearch addressSearch, org.cortege.shared.LocalRateLimiter limiter,
                  org.cortege.shared.ClientAddress addresses) {
        this.geo = geo;
        this.addressSearch = addressSearch;
        this.limiter = limiter;
        this.addresses = addresses;
    }

    /** Every département (code, name, region), for territory pickers. */
    @Get("/departements")
    HttpResponse<List<GeoService.Departement>> departements() {
        return HttpResponse.ok(geo.departements()).header("Cache-Control", "public, max-age=86400");
    }

    /** A commune found by name: its main postal code and the département's name, to tell homonyms apart. */
    @Serdeable
    record PlaceView(String inseeCode, String name, String postalCode, String departement, String departementName, double lat,
                     double lng, String precision) {
    }

    /** Communes by name or postal code, for the place field's suggestions (at most 10; an empty list when none). */
    @Get("/places{?q}")
    HttpResponse<List<PlaceView>> places(@io.micronaut.core.annotation.Nullable @io.micronaut.http.annotation.QueryValue String q,
                                         io.micronaut.http.HttpRequest<?> request) {
        limiter.consume("places", addresses.of(request), PLACES_PER_MINUTE);
        if (q == null) {
            throw ApiException.invalidField("q", "validation.placeQuery");
        }
        java.util.Map<String, String> names = new java.util.HashMap<>();
        geo.departements().forEach(d -> names.put(d.code(), d.name()));
        return HttpResponse.ok(geo.search(q).stream()
                        .map(p -> new PlaceView(p.inseeCode(), p.commune(), p.postalCode(), p.departement(),
                                names.getOrDefault(p.departement(), p.departement()), p.lat(), p.lng(), p.precision()))
                        .toList())
                .header("Cache-Control", "public, max-age=3600");
    }

    /**
     * Street addresses through the operator's geocoder ({@link AddressSearch}), for the exact place of a
     * group or an action: signed-in people only (those who fill in those forms), 30 a minute per client
     * address and 300 a minute per node.
     */
    @Get("/addresses{?q,postalCode}")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<AddressSearch.Address>> addresses(@io.micronaut.core.annotation.Nullable @io.micronaut.http.annotation.QueryValue String q,
                                                        @io.micronaut.core.annotation.Nullable @io.micronaut.http.annotation.QueryValue String postalCode,
                                                        io.micronaut.http.HttpRequest<?> request) {
        // per client address, and for the whole node whoever asks (many addresses would not help): the
        // geocoder is one small server. geo sits below people, so the caller is not known here by name.
        limiter.consume("addresses", addresses.of(request), ADDRESSES_PER_MINUTE);
        limiter.consume("addresses-node", "all", ADDRESSES_PER_NODE_MINUTE);
        String query = q == null ? "" : q.strip();
        if (query.length() < 3 || query.length() > 200) {
            throw ApiException.invalidField("q", "validation.addressQuery");
        }
        String code = postalCode == null || postalCode.isBlank() ? null : geo.normalizePostalCode(postalCode);
        if (postalCode != null && !postalCode.isBlank() && code == null) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeFormat");
        }
        return HttpResponse.ok(addressSearch.search(query, code)).header("Cache-Control", "private, no-store");
    }

    /** The communes of a postal code, most populous first, so a form can ask which one when there are several. */
    @Get("/postal-codes/{code}")
    HttpResponse<List<CommuneView>> communes(String code) {
        if (geo.normalizePostalCode(code) == null) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeFormat");
        }
        List<Place> places = geo.placesFor(code);
        if (places.isEmpty()) {
            throw ApiException.invalidField("postalCode", "validation.postalCodeUnknown");
        }
        return HttpResponse.ok(places.stream()
                        .map(p -> new CommuneView(p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(), p.precision()))
                        .toList())
                .header("Cache-Control", "public, max-age=86400");
    }
}
