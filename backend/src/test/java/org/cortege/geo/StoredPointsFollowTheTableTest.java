package org.cortege.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import org.cortege.events.EventService;
import org.cortege.groups.GroupService;
import org.cortege.people.PersonService;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * Rows saved when every arrondissement of Marseille sat on the city's point (before V24's table)
 * move to their arrondissement's own point when a new table is loaded; a pin placed by hand stays.
 */
@AppTest
class StoredPointsFollowTheTableTest extends ApiTest {

    @Inject
    GroupService groups;

    @Inject
    EventService events;

    @Inject
    PersonService people;

    /** Marseille's old single point, where 13014's rows were left by the previous table. */
    private static final double OLD_LAT = 43.29695;
    private static final double OLD_LNG = 5.38107;

    @Test
    void pointsOfCommunesMoveAndPinsStay() {
        String email = newEmail();
        String manager = confirmedSupporter(email);
        update("UPDATE person SET postal_code = '13014', insee_code = '13214', lat = ?, lng = ? WHERE email = ?", OLD_LAT, OLD_LNG, email);
        String moving = createGroup(manager, unique("Groupe du 14e"), "13014");
        String pinned = createGroup(confirmedSupporter(newEmail()), unique("Groupe épinglé"), "13014");
        update("UPDATE support_group SET lat = ?, lng = ? WHERE public_id = ?", OLD_LAT, OLD_LNG, moving);
        update("UPDATE support_group SET lat = 43.3400, lng = 5.4000, geo_precision = 'manual' WHERE public_id = ?", pinned);
        Map<String, Object> b = new HashMap<>();
        b.put("title", unique("Tractage du 14e"));
        b.put("type", "leafleting");
        b.put("start", LocalDate.now().plusDays(9) + "T10:00");
        b.put("end", LocalDate.now().plusDays(9) + "T12:00");
        b.put("postalCode", "13014");
        Api.Response created = api.post("/api/groups/" + moving + "/events", b, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.get("slug");
        update("UPDATE event SET lat = ?, lng = ? WHERE slug = ?", OLD_LAT, OLD_LNG, slug);
        update("UPDATE event_occurrence o JOIN event e ON e.id = o.event_id SET o.lat = ?, o.lng = ? WHERE e.slug = ?", OLD_LAT, OLD_LNG, slug);

        assertTrue(groups.movePlacesToTable() >= 1);
        assertTrue(events.movePlacesToTable() >= 1);
        assertTrue(people.movePlacesToTable() >= 1);

        double lat = count("SELECT ROUND(lat * 100000) FROM geo_postal_code WHERE postal_code = '13014' AND insee_code = '13214'") / 100000.0;
        assertEquals(lat, count("SELECT ROUND(lat * 100000) FROM support_group WHERE public_id = ?", moving) / 100000.0, 1e-9,
                "the group sits on the 14th's own point now");
        assertEquals(433400, count("SELECT ROUND(lat * 10000) FROM support_group WHERE public_id = ?", pinned), "a pin stays where it was put");
        assertEquals(lat, count("SELECT ROUND(lat * 100000) FROM event WHERE slug = ?", slug) / 100000.0, 1e-9);
        assertEquals(lat, count("SELECT ROUND(o.lat * 100000) FROM event_occurrence o JOIN event e ON e.id = o.event_id WHERE e.slug = ?", slug)
                / 100000.0, 1e-9, "and its dates, which the map and the lists read");
        assertEquals(lat, count("SELECT ROUND(lat * 100000) FROM person WHERE email = ?", email) / 100000.0, 1e-9);
        assertTrue(Math.abs(lat - OLD_LAT) > 0.01, "the 14th is kilometres from the old point");
        assertEquals(0, groups.movePlacesToTable() + events.movePlacesToTable() + people.movePlacesToTable() - 0,
                "a second pass finds nothing to move");
    }
}
