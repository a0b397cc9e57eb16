package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Actions go live without prior moderation: anyone reports them, admins hide and restore them, a ban hides them. */
@AppTest
class EventModerationTest extends ApiTest {

    private String admin;

    @BeforeEach
    void admin() {
        if (admin == null) {
            update("DELETE FROM person WHERE email = 'admin@cortege.test'");
            admin = confirmedSupporter("admin@cortege.test");
        }
    }

    private record Published(String manager, String managerId, String group, String slug, String id) {
    }

    private Published publish(String title) {
        String email = newEmail();
        String manager = confirmedSupporter(email);
        String group = createGroup(manager, unique("Groupe modéré"), "69001");
        LocalDate day = EventControllerTest.nextSaturday(2);
        Map<String, Object> body = EventControllerTest.eventBody(title, day + "T10:00", day + "T12:00");
        body.put("postalCode", "69001");
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String managerId = string("SELECT public_id FROM person WHERE email = ?", email);
        return new Published(manager, managerId, group, (String) created.get("slug"), (String) created.get("id"));
    }

    private boolean listed(Published p) {
        return api.get("/api/events?near=69001&radiusKm=5&size=50").body().contains(p.slug());
    }

    @Test
    void aReportedActionIsHiddenEverywhereThenRestored() throws Exception {
        Published p = publish(unique("Action douteuse"));
        assertTrue(listed(p));
        Api.Response report = api.post("/api/reports", Map.of("targetType", "event", "targetId", p.slug(), "reason", "hate"));
        assertEquals(202, report.status(), report.body());
        assertEquals(404, api.post("/api/reports", Map.of("targetType", "event", "targetId", "inexistante", "reason", "hate")).status());

        Api.Response queue = api.get("/api/admin/reports", "Cookie", admin);
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) (List<?>) queue.json().readValue(queue.body(),
                io.micronaut.core.type.Argument.listOf(Map.class))).stream().filter(r -> p.id().equals(r.get("eventId"))).findFirst().orElseThrow();
        assertEquals("event", item.get("targetType"));
        assertEquals(p.slug(), item.get("eventSlug"));
        assertEquals(p.managerId(), item.get("authorId"), "the action's author is the one an admin may ban");

        assertEquals(403, api.post("/api/admin/events/" + p.id() + "/hide", Map.of("reason", "Haine"), "Cookie", p.manager()).status());
        assertEquals(204, api.post("/api/admin/events/" + p.id() + "/hide", Map.of("reason", "Haine"), "Cookie", admin).status());
        Api.Response gone = api.get("/api/events/" + p.slug());
        assertEquals(410, gone.status());
        assertEquals("Cette action a été masquée par la modération.", gone.get("detail"));
        assertFalse(listed(p));
        assertFalse(api.get("/api/groups/" + p.group() + "/events.ics").body().contains(p.slug()), "gone from calendars");
        assertFalse(api.get("/api/map?bbox=4.80,45.74,4.86,45.79&zoom=16&layers=events").body().contains(p.slug()), "gone from the map");
        assertEquals(410, api.patch("/api/events/" + p.slug(), Map.of("title", "Je reviens"), "Cookie", p.manager()).status());
        Api.Response own = api.get("/api/events/" + p.slug(), "Cookie", p.manager());
        assertEquals(200, own.status(), "its group's managers read it, told why");
        assertEquals(true, own.get("hidden"));
        assertEquals("Haine", own.get("hiddenReason"));
        assertEquals(false, own.get("canManage"));
        assertEquals(410, api.get("/api/events/" + p.slug(), "Cookie", confirmedSupporter(newEmail())).status());
        assertFalse(api.get("/api/admin/reports", "Cookie", admin).body().contains(p.id()), "its reports are closed");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'event.hide' AND target_id = ?", p.id()));

        assertEquals(204, api.post("/api/admin/events/" + p.id() + "/restore", Map.of("reason", "Erreur"), "Cookie", admin).status());
        assertEquals(200, api.get("/api/events/" + p.slug()).status());
        assertTrue(listed(p));
    }

    @Test
    void hidingAGroupHidesItsActionsAndABanHidesThePersonsActions() {
        Published p = publish(unique("Action du groupe"));
        assertEquals(204, api.post("/api/admin/groups/" + p.group() + "/hide", Map.of("reason", "Spam"), "Cookie", admin).status());
        assertEquals(410, api.get("/api/events/" + p.slug()).status());
        assertEquals("Spam", api.get("/api/events/" + p.slug(), "Cookie", p.manager()).get("hiddenReason"), "hidden with its group, for that reason");
        assertFalse(listed(p));
        assertEquals(204, api.post("/api/admin/groups/" + p.group() + "/restore", Map.of("reason", "Erreur"), "Cookie", admin).status());
        assertTrue(listed(p));

        assertEquals(204, api.post("/api/admin/people/" + p.managerId() + "/ban", Map.of("reason", "Spam"), "Cookie", admin).status());
        assertEquals(410, api.get("/api/events/" + p.slug()).status());
        assertFalse(listed(p));
    }

    @Test
    void aCancelledActionStaysCancelledWhenRestored() {
        Published p = publish(unique("Action annulée"));
        assertEquals(204, api.post("/api/events/" + p.slug() + "/cancel", Map.of(), "Cookie", p.manager()).status());
        api.post("/api/admin/events/" + p.id() + "/hide", Map.of("reason", "Spam"), "Cookie", admin);
        api.post("/api/admin/events/" + p.id() + "/restore", Map.of("reason", "Erreur"), "Cookie", admin);
        assertEquals("CANCELLED", api.get("/api/events/" + p.slug()).get("status"));
    }
}
