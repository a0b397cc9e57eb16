package org.cortege.moderation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@AppTest
class ModerationControllerTest extends ApiTest {

    private String admin;

    @BeforeEach
    void anAdmin() {
        if (admin == null) {
            update("DELETE FROM person WHERE email = 'admin@cortege.test'");
            admin = confirmedSupporter("admin@cortege.test");
        }
    }

    @Test
    void anyoneReportsAnAdminHidesTheGroupEverywhereAndItIsLogged() {
        long groupsBefore = ((Number) api.get("/api/counters").get("groups")).longValue();
        String founder = confirmedSupporter(newEmail());
        String name = unique("À modérer");
        String id = createGroup(founder, name, "44000");
        assertEquals(groupsBefore + 1, ((Number) api.get("/api/counters").get("groups")).longValue());

        Api.Response report = api.post("/api/reports", Map.of("targetType", "group", "targetId", id, "reason", "hate",
                "text", "Propos haineux dans la présentation"));
        assertEquals(202, report.status(), report.body());
        Api.Response queue = api.get("/api/admin/reports", "Cookie", admin);
        assertEquals(200, queue.status());
        Api.Response badStatus = api.get("/api/admin/reports?status=tous%27%20OR%201=1", "Cookie", admin);
        assertEquals(400, badStatus.status(), "a status that is not OPEN or CLOSED is the person's to fix: " + badStatus.body());
        assertTrue(badStatus.contentType().startsWith("application/problem+json") && badStatus.fieldError("status").isPresent(),
                badStatus.body());
        assertEquals(200, api.get("/api/admin/reports?status=CLOSED", "Cookie", admin).status());
        assertTrue(queue.body().contains(name), "the report names its target");
        assertTrue(queue.body().contains("\"anonymous\":true"));

        Api.Response hide = api.post("/api/admin/groups/" + id + "/hide", Map.of("reason", "Haine"), "Cookie", admin);
        assertEquals(204, hide.status(), hide.body());

        Api.Response page = api.get("/api/groups/" + id);
        assertEquals(410, page.status());
        assertEquals("Ce groupe a été masqué par la modération.", page.get("detail"));
        // its founder reads it, told why, and can no longer change it
        Api.Response own = api.get("/api/groups/" + id, "Cookie", founder);
        assertEquals(200, own.status(), own.body());
        assertEquals(true, own.get("hidden"));
        assertEquals("Haine", own.get("hiddenReason"));
        assertFalse(((java.util.List<?>) own.get("permissions")).contains("edit"), own.body());
        assertTrue(api.patch("/api/groups/" + id, Map.of("name", "Autre nom"), "Cookie", founder).status() >= 403);
        assertEquals(410, api.get("/api/groups/" + id, "Cookie", confirmedSupporter(newEmail())).status(), "anyone else: gone");
        assertEquals(200, api.get("/api/groups/" + id, "Cookie", admin).status(), "admins still see it");
        assertFalse(api.get("/api/groups?near=44000&radiusKm=10&q=" + name.replace(" ", "%20")).body().contains(id));
        assertEquals(groupsBefore, ((Number) api.get("/api/counters").get("groups")).longValue());
        assertFalse(api.get("/api/admin/reports", "Cookie", admin).body().contains(id), "its reports are closed");
        Api.Response audit = api.get("/api/admin/audit", "Cookie", admin);
        assertTrue(audit.body().contains("\"action\":\"group.hide\""), audit.body());
        assertTrue(audit.body().contains("Haine"));
        assertTrue(audit.body().contains("\"targetName\":\"" + name + "\""), "the log names the group: " + audit.body());

        assertEquals(204, api.post("/api/admin/groups/" + id + "/restore", Map.of("reason", "Corrigé"), "Cookie", admin).status());
        assertEquals(200, api.get("/api/groups/" + id).status());
        assertEquals(groupsBefore + 1, ((Number) api.get("/api/counters").get("groups")).longValue());
    }

    @Test
    void aBansReasonIsAboutAPersonAndStaysWithTheAdmins() {
        String founderEmail = newEmail();
        String founder = confirmedSupporter(founderEmail);
        String groupId = createGroup(founder, unique("Groupe du banni"), "31000");
        String coEmail = newEmail();
        String co = confirmedSupporter(coEmail);
        assertEquals(201, api.post("/api/groups/" + groupId + "/membership", Map.of("shareContact", false), "Cookie", co).status());
        String coId = string("SELECT public_id FROM person WHERE email = ?", coEmail);
        assertEquals(204, api.patch("/api/groups/" + groupId + "/members/" + coId, Map.of("role", "MANAGER"), "Cookie", founder).status());
        String founderId = string("SELECT public_id FROM person WHERE email = ?", founderEmail);
        assertEquals(204, api.post("/api/admin/people/" + founderId + "/ban", Map.of("reason", "Harcèlement de Zoé"), "Cookie", admin).status());

        Api.Response seen = api.get("/api/groups/" + groupId, "Cookie", co);
        assertEquals(200, seen.status(), "its other manager still reads it");
        assertEquals(true, seen.get("hidden"));
        assertEquals(null, seen.get("hiddenReason"), "why a third person was banned is not theirs to read: " + seen.body());
        assertFalse(((java.util.List<?>) seen.get("permissions")).contains("members"), "a hidden group's members are out of reach");
        assertEquals(403, api.get("/api/groups/" + groupId + "/members", "Cookie", co).status());
        assertTrue(((String) api.get("/api/groups/" + groupId, "Cookie", admin).get("hiddenReason")).contains("Harcèlement"));
    }

    @Test
    void aBanEndsSessionsHidesTheirGroupsAndRefusesTheirReturn() {
        String email = newEmail();
        String troll = confirmedSupporter(email);
        String groupId = createGroup(troll, unique("Troll"), "31000");
        String trollId = string("SELECT public_id FROM person WHERE email = ?", email);

        Api.Response ban = api.post("/api/admin/people/" + trollId + "/ban", Map.of("reason", "Spam répété"), "Cookie", admin);
        assertEquals(204, ban.status(), ban.body());
        assertEquals(401, api.get("/api/me", "Cookie", troll).status());
        assertEquals(410, api.get("/api/groups/" + groupId).status());
        assertEquals(0, count("SELECT COUNT(*) FROM user_session s JOIN person p ON p.id = s.person_id WHERE p.email = ?", email));
        assertEquals(202, api.post("/api/signup", signupBody(email)).status());
        assertEquals(202, api.post("/api/login", Map.of("email", email)).status());
        TestMail.sleep(400);
        assertEquals(1, TestMail.mailsTo(email).size(), "only the first confirmation mail, nothing since the ban");
        String audit = api.get("/api/admin/audit", "Cookie", admin).body();
        assertTrue(audit.contains("\"action\":\"person.ban\""));
        assertTrue(audit.contains(groupId));
    }

    @Test
    void onlyAdminsModerate() {
        String supporter = confirmedSupporter(newEmail());
        String id = createGroup(supporter, unique("Intouchable"), "67000");
        for (String cookie : new String[] {null, supporter}) {
            String[] headers = cookie == null ? new String[0] : new String[] {"Cookie", cookie};
            int expected = cookie == null ? 401 : 403;
            assertEquals(expected, api.get("/api/admin/reports", headers).status());
            assertEquals(expected, api.post("/api/admin/groups/" + id + "/hide", Map.of("reason", "x"), headers).status());
            assertEquals(expected, api.get("/api/admin/audit", headers).status());
        }
        assertEquals(200, api.get("/api/groups/" + id).status());
    }

    @Test
    void badReportsAndActionsWithoutAReasonAreRefused() {
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Signalé"), "35000");
        assertTrue(api.post("/api/reports", Map.of("targetType", "person", "targetId", id, "reason", "hate")).fieldError("targetType").isPresent());
        assertTrue(api.post("/api/reports", Map.of("targetType", "group", "targetId", id, "reason", "je n'aime pas")).fieldError("reason").isPresent());
        assertEquals(404, api.post("/api/reports", Map.of("targetType", "group", "targetId", "nope", "reason", "spam")).status());
        assertTrue(api.post("/api/reports", Map.of("targetType", "group", "targetId", id, "reason", "spam", "text", "x".repeat(2001)))
                .fieldError("text").isPresent());
        Api.Response noReason = api.post("/api/admin/groups/" + id + "/hide", Map.of("reason", " "), "Cookie", admin);
        assertEquals(400, noReason.status());
        assertTrue(noReason.fieldError("reason").isPresent());
        assertEquals(200, api.get("/api/groups/" + id).status());
        String adminId = string("SELECT public_id FROM person WHERE email = 'admin@cortege.test'");
        assertEquals(409, api.post("/api/admin/people/" + adminId + "/ban", Map.of("reason", "x"), "Cookie", admin).status());
    }
}
