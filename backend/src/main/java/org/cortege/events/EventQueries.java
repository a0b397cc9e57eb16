package org.cortege.events;

import io.micronaut.http.HttpStatus;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import org.cortege.geo.GeoService;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;

/**
 * Reads a search of actions from its query parameters, the same way for the list and the movement's
 * calendar feed: a place (postal code or "lat,lng"), a radius, a window, a type, a group, a sort.
 * Each wrong value is a field error naming it.
 */
@Singleton
class EventQueries {

    private final GeoService geo;
    private final InstanceSettings settings;
    private final EventTypes types;
    private final GroupService groups;

    EventQueries(GeoService geo, InstanceSettings settings, EventTypes types, GroupService groups) {
        this.geo = geo;
        this.settings = settings;
        this.types = types;
        this.groups = groups;
    }

    EventSearch.Query query(String near, Double radiusKm, String from, String to, String type, String group, boolean byDistance,
                            int page, int size) {
        double radius = radiusKm == null ? 20 : radiusKm; // 1 to 200: a constraint of the request beans
        double[] point = geo.near(near);
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Instant f = EventQueryParams.instant(from, "from", zone, now, now);
        Instant t = EventQueryParams.instant(to, "to", zone, f.plus(Duration.ofDays(365)), now);
        EventQueryParams.checkWindow(f, t);
        if (type != null && !type.isBlank() && !types.exists(type)) {
            throw ApiException.invalidField("type", "validation.eventTypeUnknown");
        }
        Long groupId = null;
        if (group != null && !group.isBlank()) {
            SupportGroup g = groups.find(group);
            if (g.isHidden()) {
                throw ApiException.of(HttpStatus.GONE, "group-hidden", "problem.groupHidden");
            }
            groupId = g.id();
        }
        return new EventSearch.Query(point == null ? null : point[0], point == null ? null : point[1], radius, f, t,
                type == null || type.isBlank() ? null : type, groupId, groupId != null, byDistance, page, size);
    }

}
