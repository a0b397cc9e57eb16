package org.cortege.events;

import jakarta.inject.Singleton;
import java.time.LocalDate;
import org.cortege.geo.GeoService;
import org.cortege.shared.ApiException;
import org.cortege.shared.Slugs;

/**
 * What an organizer writes about an action, read the same way when it is published and when it
 * changes: where (online with its link, or a commune with an optional address and a pin no further
 * than {@link #MAX_PIN_DISTANCE_KM} from it), its type from the configured list, its capacity, and
 * a free address on the site from its title and day.
 */
@Singleton
class EventInputs {

    /** How far (km) a dropped pin may lie from the centre of the action's commune. */
    static final double MAX_PIN_DISTANCE_KM = 60;

    private final GeoService geo;
    private final EventTypes types;
    private final EventRepository events;

    EventInputs(GeoService geo, EventTypes types, EventRepository events) {
        this.geo = geo;
        this.types = types;
        this.events = events;
    }

    record Where(boolean online, String onlineUrl, String address, String postalCode, String inseeCode, String commune,
                         String departement, Double lat, Double lng, String precision) {
    }

    Where where(boolean online, String onlineUrl, String postalCode, String inseeCode, Double lat, Double lng,
                        String address) {
        if (online) {
            if (onlineUrl == null || onlineUrl.isBlank()) {
                throw ApiException.invalidField("onlineUrl", "validation.NotBlank");
            }
            return new Where(true, onlineUrl.strip(), null, null, null, null, null, null, null, null);
        }
        require(postalCode, "postalCode");
        GeoService.Located at = geo.locate(postalCode, inseeCode, lat, lng, MAX_PIN_DISTANCE_KM);
        String a = address == null || address.isBlank() ? null : address.strip();
        return new Where(false, null, a, at.place().postalCode(), at.place().inseeCode(), at.place().commune(),
                at.place().departement(), at.lat(), at.lng(), at.precision());
    }

    static Double keepPin(Event e, boolean lat) {
        return "manual".equals(e.geoPrecision()) ? (lat ? e.lat() : e.lng()) : null;
    }

    static Integer capacity(Integer capacity) {
        return capacity == null || capacity == 0 ? null : capacity;
    }

    String type(String key) {
        if (!types.exists(key)) {
            throw ApiException.invalidField("type", "validation.eventTypeUnknown");
        }
        return key;
    }

    String freeSlug(String title, LocalDate day) {
        String base = Slugs.of(title + "-" + day, 140);
        String slug = base;
        for (int i = 2; events.existsBySlug(slug); i++) {
            slug = base + "-" + i;
        }
        return slug;
    }

    static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw ApiException.invalidField(field, "validation.NotBlank");
        }
    }

}
