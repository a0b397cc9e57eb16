package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * Any manager can name any group as co-host of their action. Before: the action went straight into
 * that group's calendar, page and listings. Now the named group's managers are asked, and only
 * their yes puts it there; a no stays a no.
 */
@AppTest
class CohostInvitationTest extends ApiTest {

    private String publish(String cookie, String group, List<String> cohosts) {
        String day = LocalDate.now().plusDays(9).toString();
        Map<String, Object> body = new HashMap<>(Map.of("title", unique("Tractage commun"), "type", "leafleting",
                "description", "Devant la gare.", "start", day + "T10:00", "end", day + "T12:00", "postalCode", "13001",
                "cohosts", cohosts));
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", cookie);
        assertEquals(201, created.status(), created.body());
        return (String) created.get("id");
    }

    private boolean listedFor(String groupSlug, String eventId) {
        String eventSlug = (String) api.get("/api/events/" + eventId).get("slug");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) api.get("/api/events?group=" + groupSlug).get("items");
        return items.stream().anyMatch(i -> eventSlug.equals(i.get("slug")));
    }

    private String slugOf(String group) {
        return (String) api.get("/api/groups/" + group).get("slug");
    }

    @Test
    void aGroupNamedCoHostShowsTheActionOnlyOnceItsManagersSayYes() {
        String pusher = confirmedSupporter(newEmail());
        String pushing = createGroup(pusher, unique("Groupe qui pousse"), "13001");
        String targetManagerEmail = newEmail();
        String targetManager = confirmedSupporter(targetManagerEmail);
        String target = createGroup(targetManager, unique("Groupe visé"), "13002");
        String targetSlug = slugOf(target);
        String eventId = publish(pusher, pushing, List.of(target));
        String eventSlug = (String) api.get("/api/events/" + eventId).get("slug");

        // Not in the named group's listing, calendar feed or the action's public co-hosts yet.
        assertFalse(listedFor(targetSlug, eventId), "not listed for the named group before it accepts");
        assertFalse(api.get("/api/groups/" + targetSlug + "/events.ics").body().contains(eventSlug), "not in its calendar feed");
        assertEquals(List.of(), api.get("/api/events/" + eventId).get("cohosts"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> invited = (List<Map<String, Object>>) api.get("/api/events/" + eventId, "Cookie", pusher).get("invitedCohosts");
        assertEquals("PENDING", invited.get(0).get("status"), "the organiser sees the invitation waiting");

        // The named group's managers are told, and see it on their group.
        assertTrue(TestMail.awaitMails(targetManagerEmail, 2).stream().anyMatch(m -> TestMail.subject(m).contains("co-organiser")));
        Api.Response list = api.get("/api/groups/" + target + "/cohost-invitations", "Cookie", targetManager);
        assertEquals(200, list.status(), list.body());
        assertTrue(list.body().contains(eventId) && list.body().contains("PENDING"), list.body());

        // Nobody else answers for them: not the organiser, not a passer-by.
        String passerBy = confirmedSupporter(newEmail());
        assertEquals(403, api.put("/api/groups/" + target + "/cohost-invitations/" + eventId, Map.of("accept", true), "Cookie", pusher).status());
        assertEquals(403, api.put("/api/groups/" + target + "/cohost-invitations/" + eventId, Map.of("accept", true), "Cookie", passerBy).status());
        assertEquals(403, api.get("/api/groups/" + target + "/cohost-invitations", "Cookie", pusher).status());
        assertFalse(listedFor(targetSlug, eventId));

        // They decline: still not listed, and naming the group again does not ask again.
        assertEquals(204, api.put("/api/groups/" + target + "/cohost-invitations/" + eventId, Map.of("accept", false), "Cookie", targetManager).status());
        int mails = TestMail.mailsTo(targetManagerEmail).size();
        assertEquals(200, api.patch("/api/events/" + eventId, Map.of("cohosts", List.of()), "Cookie", pusher).status());
        assertEquals(200, api.patch("/api/events/" + eventId, Map.of("cohosts", List.of(target)), "Cookie", pusher).status());
        assertFalse(listedFor(targetSlug, eventId), "a refusal stays a refusal");
        assertEquals(mails, TestMail.mailsTo(targetManagerEmail).size(), "no new invitation mail");

        // They change their mind: accepted, it shows.
        assertEquals(204, api.put("/api/groups/" + target + "/cohost-invitations/" + eventId, Map.of("accept", true), "Cookie", targetManager).status());
        assertTrue(listedFor(targetSlug, eventId));
        assertTrue(api.get("/api/groups/" + targetSlug + "/events.ics").body().contains(eventSlug));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> cohosts = (List<Map<String, Object>>) api.get("/api/events/" + eventId).get("cohosts");
        assertEquals(target, cohosts.get(0).get("id"));
    }

    @Test
    void aManagerOfBothGroupsAcceptsForTheirOwnGroupByNamingIt() {
        String manager = confirmedSupporter(newEmail());
        String first = createGroup(manager, unique("Premier groupe"), "13001");
        String second = createGroup(manager, unique("Second groupe"), "13003");
        String eventId = publish(manager, first, List.of(second));
        assertTrue(listedFor(slugOf(second), eventId), "no question to ask oneself");
        assertEquals(404, api.put("/api/groups/" + first + "/cohost-invitations/" + eventId, Map.of("accept", true), "Cookie", manager).status(),
                "the organising group itself was not invited");
    }
}
