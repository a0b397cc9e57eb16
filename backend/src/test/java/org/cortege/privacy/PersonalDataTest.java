package org.cortege.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortege.shared.Tokens;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** GDPR rights on a real MariaDB: access (JSON and HTML), consents, erasure that leaves no trace, admin access log. */
@AppTest
class PersonalDataTest extends ApiTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }

    private static Map<String, Object> eventBody(String title, LocalDate day) {
        Map<String, Object> b = actionBody(title, day);
        b.put("description", "Devant la mairie.");
        b.remove("address");
        return b;
    }

    @Test
    void aSupporterDownloadsEverythingThenErasesTheirAccountAndNoTraceOfTheAddressRemains() throws Exception {
        String email = newEmail();
        String lastName = "Effaçable" + Long.toString(System.nanoTime(), 36).replaceAll("[0-9]", "x");
        // Before signing up they answered an action as a visitor, under the same address.
        String other = confirmedSupporter(newEmail());
        String otherGroup = createGroup(other, unique("Groupe voisin"), "13001");
        LocalDate day = LocalDate.now().plusDays(10);
        String otherEvent = (String) api.post("/api/groups/" + otherGroup + "/events", eventBody(unique("Tractage"), day),
                "Cookie", other).get("slug");
        String occurrence = (String) list(api.get("/api/events/" + otherEvent).get("occurrences")).get(0).get("id");
        assertEquals(202, api.post("/api/occurrences/" + occurrence + "/guest-rsvp",
                Map.of("name", "Zoé", "email", email, "shareContact", true)).status());
        TestMail.awaitMails(email, 1);   // the visitor's confirmation mail, before the sign-up's

        // They came through a supporter's share link of a campaign, and have a share link of their own that brought a friend.
        String referrer = confirmedSupporter(newEmail());
        String referrerCode = (String) api.post("/api/me/referral", Map.of(), "Cookie", referrer).get("code");
        String campaign = unique("tract-");
        Map<String, Object> body = signupBody(email);
        body.put("lastName", lastName);
        body.put("source", Map.of("firstRef", referrerCode, "lastRef", referrerCode, "utmCampaign", campaign));
        String cookie = confirmedSupporter(body);
        String publicId = (String) api.get("/api/me", "Cookie", cookie).get("id");
        String ownCode = (String) api.post("/api/me/referral", Map.of(), "Cookie", cookie).get("code");
        Map<String, Object> friend = signupBody(newEmail());
        friend.put("source", Map.of("lastRef", ownCode));
        confirmedSupporter(friend);
        assertEquals(1, ((Number) api.get("/api/me/referral", "Cookie", referrer).get("brought")).intValue());
        // They found a group (its contact address is theirs), another supporter joins it, they write to its members.
        Map<String, Object> group = groupBody(unique("Groupe de Zoé"), "13001");
        group.put("contactEmail", email);
        String groupId = (String) api.post("/api/groups", group, "Cookie", cookie).get("id");
        String member = confirmedSupporter(newEmail());
        assertEquals(201, api.post("/api/groups/" + groupId + "/membership", Map.of("shareContact", true), "Cookie", member).status());
        String subject = unique("Réunion");
        assertEquals(202, api.post("/api/groups/" + groupId + "/messages", Map.of("subject", subject, "body", "À samedi !"),
                "Cookie", cookie).status());
        String ownEvent = (String) api.post("/api/groups/" + groupId + "/events", eventBody(unique("Porte-à-porte"), day),
                "Cookie", cookie).get("slug");
        String ownOccurrence = (String) list(api.get("/api/events/" + ownEvent).get("occurrences")).get(0).get("id");
        assertEquals(201, api.post("/api/occurrences/" + ownOccurrence + "/rsvp", Map.of("shareContact", true), "Cookie", member).status());
        assertEquals(201, api.post("/api/occurrences/" + ownOccurrence + "/rsvp", Map.of(), "Cookie", cookie).status());
        // Staff tag them and open their page; a login mail waits in the outbox.
        String admin = freshAdmin();
        Number tag = (Number) api.post("/api/admin/tags", Map.of("name", unique("Bénévole")), "Cookie", admin).get("id");
        assertEquals(200, api.post("/api/admin/tags/" + tag + "/apply", Map.of("people", List.of(publicId)), "Cookie", admin).status());
        assertEquals(200, api.get("/api/admin/people/" + publicId, "Cookie", admin).status());
        update("UPDATE mail_outbox SET status = 'PENDING', next_attempt_at = NOW(6) + INTERVAL 1 DAY WHERE recipient = ?", email);

        // They chose a weekly digest for new members, and muted nothing.
        assertEquals(200, api.put("/api/me/notifications/member-joined", Map.of("mail", "weekly"), "Cookie", cookie).status());
        long personId = count("SELECT id FROM person WHERE email = ?", email);
        // and turned push on in a browser (a subscription as a browser gives it: Google's push service, a P-256 key, a secret)
        java.security.KeyPairGenerator ec = java.security.KeyPairGenerator.getInstance("EC");
        ec.initialize(new java.security.spec.ECGenParameterSpec("secp256r1"));
        java.security.interfaces.ECPublicKey pub = (java.security.interfaces.ECPublicKey) ec.generateKeyPair().getPublic();
        byte[] point = new byte[65];
        point[0] = 4;
        byte[] x = pub.getW().getAffineX().toByteArray();
        byte[] y = pub.getW().getAffineY().toByteArray();
        System.arraycopy(x, Math.max(0, x.length - 32), point, 33 - Math.min(32, x.length), Math.min(32, x.length));
        System.arraycopy(y, Math.max(0, y.length - 32), point, 65 - Math.min(32, y.length), Math.min(32, y.length));
        String pushEndpoint = "https://fcm.googleapis.com/fcm/send/" + java.util.UUID.randomUUID();
        String p256dh = java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(point);
        assertEquals(204, api.post("/api/me/push/subscriptions", Map.of("endpoint", pushEndpoint, "keys", Map.of("p256dh", p256dh,
                "auth", "c2VjcmV0LTE2LWJ5dGVzIQ")), "Cookie", cookie).status());
        assertTrue(count("SELECT COUNT(*) FROM activity WHERE actor_id = ?", personId) > 0, "the member's feed names them (their message)");
        Api.Response data = api.get("/api/me/data", "Cookie", cookie);
        assertEquals(200, data.status());
        assertTrue(data.headers().get("Content-Disposition").startsWith("attachment"));
        assertEquals("no-store", data.headers().get("Cache-Control"));
        Map<String, Object> d = data.map();
        assertEquals(email, map(d.get("profile")).get("email"));
        assertEquals(lastName, map(d.get("profile")).get("lastName"));
        assertEquals("signup", list(d.get("consents")).get(0).get("purpose"));
        assertEquals(1, list(d.get("groups")).size());
        assertEquals("founder", list(d.get("groups")).get(0).get("role"));
        assertEquals(2, list(d.get("actions")).size(), "the visitor answer under their address and their own");
        assertEquals(1, list(d.get("groupsFounded")).size());
        assertEquals(1, list(d.get("actionsPublished")).size());
        assertEquals(subject, list(d.get("messagesWritten")).get(0).get("subject"));
        assertEquals(1, list(d.get("tags")).size());
        assertFalse(list(d.get("mails")).isEmpty());
        assertFalse(list(d.get("sessions")).isEmpty());
        assertEquals("person.view", list(d.get("staffAccess")).get(0).get("action"));
        Map<String, Object> referrals = map(d.get("referrals"));
        assertEquals(ownCode, referrals.get("code"));
        assertEquals(1, ((Number) referrals.get("brought")).intValue(), "the friend their link brought");
        assertEquals(true, map(referrals.get("signedUpThrough")).get("supporterLink"));
        assertEquals(campaign, map(referrals.get("signedUpThrough")).get("utmCampaign"));
        assertFalse(data.body().contains(referrerCode), "whose link it was is the referrer's data, not given");
        assertTrue(list(d.get("feed")).stream().anyMatch(f -> "member-joined".equals(f.get("kind"))), d.get("feed").toString());
        assertTrue(list(map(d.get("notifications")).get("kinds")).stream()
                .anyMatch(k -> "member-joined".equals(k.get("kind")) && "weekly".equals(k.get("mail"))));

        Api.Response html = api.get("/api/me/data.html", "Cookie", cookie, "Accept-Language", "fr");
        assertEquals(200, html.status());
        assertTrue(html.contentType().startsWith("text/html"));
        assertTrue(html.body().contains("<h1>Vos données personnelles"), html.body());
        assertTrue(html.body().contains("<dd>" + lastName + "</dd>"), html.body());
        assertTrue(html.body().contains("Fiche consultée"));
        assertTrue(html.body().contains("<dd>" + publicUrl() + "/?ref=" + ownCode + "</dd>"), html.body());
        assertTrue(html.body().contains(campaign), html.body());
        assertTrue(html.body().contains("Nouveau membre d’un groupe que vous animez"), "the feed, in words");
        assertFalse(html.body().contains("<script"));

        Api.Response erased = api.delete("/api/me", "Cookie", cookie);
        assertEquals(204, erased.status());
        assertTrue(erased.setCookieHeader().contains("Max-Age=0"), erased.setCookieHeader());
        assertEquals(401, api.get("/api/me", "Cookie", cookie).status());

        List<String> traces = tracesOf(List.of(email, lastName, Tokens.hash(email), ownCode, campaign, pushEndpoint, p256dh));
        assertEquals(0, count("SELECT COUNT(*) FROM activity WHERE person_id = ? OR actor_id = ?", personId, personId),
                "their feed and the entries of others' feeds naming them are gone");
        assertEquals(0, count("SELECT COUNT(*) FROM notification_pref WHERE person_id = ?", personId));
        assertEquals(List.of(), traces, "columns still holding the address, the name or the address's hash");
        // What they did for others stays, no longer theirs.
        assertEquals(1, count("SELECT COUNT(*) FROM group_message WHERE subject = ? AND author_id IS NULL", subject));
        assertEquals("FOUNDER", string("SELECT m.role FROM group_membership m JOIN support_group g ON g.id = m.group_id "
                + "WHERE g.public_id = ?", groupId), "the group's remaining member takes over");
        assertEquals(1, ((Number) api.get("/api/groups/" + groupId).get("memberCount")).intValue(), "the group counts who is left");
        assertEquals(2L, ((Number) list(api.get("/api/events/" + ownEvent).get("occurrences")).get(0).get("rsvpCount")).longValue(),
                "answers stay counted");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.erase' AND target_id = ?", publicId));
        assertEquals(404, api.get("/api/admin/people/" + publicId, "Cookie", admin).status());
        // The referrer's credit went with them (their sign-up's source is theirs to erase); the friend's stays, without its referrer.
        assertEquals(0, ((Number) api.get("/api/me/referral", "Cookie", referrer).get("brought")).intValue());
        assertEquals(0, count("SELECT COUNT(*) FROM signup_source WHERE first_referrer_id IS NOT NULL AND first_referrer_id NOT IN (SELECT id FROM person) "
                + "OR last_referrer_id IS NOT NULL AND last_referrer_id NOT IN (SELECT id FROM person)"));
    }

    @Test
    void erasingMembersLeavesEachGroupRightlyCountedAndLedAsWhenTheyLeave() {
        // a founder, a manager they named, and two members (the first to join is the longest-standing)
        String founder = confirmedSupporter(newEmail());
        String groupId = createGroup(founder, unique("Groupe des Chartreux"), "13004");
        String manager = confirmedSupporter(newEmail());
        String first = confirmedSupporter(newEmail());
        String second = confirmedSupporter(newEmail());
        for (String who : List.of(manager, first, second)) {
            assertEquals(201, api.post("/api/groups/" + groupId + "/membership", Map.of("shareContact", false), "Cookie", who).status());
        }
        String managerId = (String) api.get("/api/me", "Cookie", manager).get("id");
        assertEquals(204, api.patch("/api/groups/" + groupId + "/members/" + managerId, Map.of("role", "MANAGER"), "Cookie", founder).status());
        assertEquals(4, memberCount(groupId));

        // a member erases their account: one fewer, at once (the count is what lists, the map and the group page show)
        assertEquals(204, api.delete("/api/me", "Cookie", second).status());
        assertEquals(3, memberCount(groupId), "the erased member is no longer counted");

        // the founder erases theirs: as when a founder leaves, the longest-serving manager becomes founder
        assertEquals(204, api.delete("/api/me", "Cookie", founder).status());
        assertEquals(2, memberCount(groupId));
        assertEquals("FOUNDER", roleOf(groupId, managerId));
        assertEquals("MEMBER", roleOf(groupId, (String) api.get("/api/me", "Cookie", first).get("id")));

        // the last one leading it goes too: the longest-standing member takes it over, so no group is left without anyone
        assertEquals(204, api.delete("/api/me", "Cookie", manager).status());
        assertEquals(1, memberCount(groupId));
        assertEquals("FOUNDER", roleOf(groupId, (String) api.get("/api/me", "Cookie", first).get("id")));
    }

    @Test
    void aBannedMemberNeverInheritsAGroupWhoseLeaderIsErased() {
        String founder = confirmedSupporter(newEmail());
        String groupId = createGroup(founder, unique("Groupe de la Belle de Mai"), "13003");
        String troll = confirmedSupporter(newEmail());
        String loyal = confirmedSupporter(newEmail());
        for (String who : List.of(troll, loyal)) {   // the troll joined first: the longest-standing member
            assertEquals(201, api.post("/api/groups/" + groupId + "/membership", Map.of("shareContact", false), "Cookie", who).status());
        }
        String trollId = (String) api.get("/api/me", "Cookie", troll).get("id");
        String loyalId = (String) api.get("/api/me", "Cookie", loyal).get("id");
        assertEquals(204, api.post("/api/admin/people/" + trollId + "/ban", Map.of("reason", "Spam répété"), "Cookie", freshAdmin()).status());

        assertEquals(204, api.delete("/api/me", "Cookie", founder).status());
        assertEquals("FOUNDER", roleOf(groupId, loyalId), "the group passes to a confirmed member");
        assertEquals("MEMBER", roleOf(groupId, trollId), "never to a banned one, however long they have been there");
    }

    private int memberCount(String groupId) {
        return ((Number) api.get("/api/groups/" + groupId).get("memberCount")).intValue();
    }

    private String roleOf(String groupId, String personId) {
        return string("SELECT m.role FROM group_membership m JOIN support_group g ON g.id = m.group_id JOIN person p ON p.id = m.person_id "
                + "WHERE g.public_id = ? AND p.public_id = ?", groupId, personId);
    }

    @Test
    void aSupporterWithdrawsAndGivesBackTheMailingConsent() {
        String cookie = confirmedSupporter(newEmail());
        Api.Response before = api.get("/api/me/consents", "Cookie", cookie);
        assertEquals(true, before.get("mailing"));
        Api.Response withdrawn = api.put("/api/me/consents/mailing", Map.of("given", false), "Cookie", cookie);
        assertEquals(200, withdrawn.status());
        assertEquals(false, withdrawn.get("mailing"));
        assertTrue(list(withdrawn.get("history")).stream().anyMatch(c -> "email".equals(c.get("purpose")) && c.get("withdrawnAt") != null));
        Api.Response given = api.put("/api/me/consents/mailing", Map.of("given", true), "Cookie", cookie, "Accept-Language", "en");
        assertEquals(true, given.get("mailing"));
        assertTrue(list(given.get("history")).stream().anyMatch(c -> "email".equals(c.get("purpose")) && c.get("withdrawnAt") == null
                && ((String) c.get("wording")).startsWith("I agree to receive")));
        assertEquals(400, api.put("/api/me/consents/mailing", Map.of(), "Cookie", cookie).status());
        Api.Response guess = api.put("/api/me/consents/mailing", Map.of("given", "no"), "Cookie", cookie);
        assertEquals(400, guess.status(), "a string is not read as a yes or a no: " + guess.body());
        assertEquals(true, api.get("/api/me/consents", "Cookie", cookie).get("mailing"), "and nothing changed");
        assertEquals(401, api.put("/api/me/consents/mailing", Map.of("given", true)).status());
        assertEquals(401, api.delete("/api/me").status());
        assertEquals(401, api.get("/api/me/data").status());
    }

    @Test
    void adminsReviewWhoOpenedWhichRecordAndEraseOnRequest() {
        String admin = freshAdmin();
        String adminId = (String) api.get("/api/me", "Cookie", admin).get("id");
        String publicId = insertContact("Yves", unique("Consulté"), LocalDate.of(1980, 1, 2), "75011", "75111", "Paris", "75",
                48.86, 2.38, "CONFIRMED", "signup", java.time.Instant.now(), null, true);
        assertEquals(200, api.get("/api/admin/people/" + publicId, "Cookie", admin).status());
        Api.Response log = api.get("/api/admin/access-log?actor=" + adminId, "Cookie", admin);
        assertEquals(200, log.status());
        Map<String, Object> first = list(log.get("items")).get(0);
        assertEquals("person.view", first.get("action"));
        assertEquals(publicId, first.get("targetId"));
        assertEquals(adminId, first.get("actorId"));
        assertTrue(((String) first.get("target")).startsWith("Yves "));
        assertEquals("staff", first.get("actorKind"));
        assertTrue(first.get("actor") instanceof String name && !name.isBlank(), "the staff member's name: " + first);
        assertTrue(((Number) log.get("total")).longValue() >= 1);
        Api.Response nobody = api.get("/api/admin/access-log?actor=zzzzzzzzzzzzzzzzzzzzzzzz", "Cookie", admin);
        assertEquals(200, nobody.status());
        assertEquals(0, ((Number) nobody.get("total")).intValue(), "an unknown staff member read nothing: " + nobody.body());

        // staff sign-ins are in the log; supporters' are not
        assertTrue(count("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.signin' AND target_id = ? AND reason = 'admin'", adminId) >= 1);
        String supporter = confirmedSupporter(newEmail());
        String supporterId = (String) api.get("/api/me", "Cookie", supporter).get("id");
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log WHERE action = 'staff.signin' AND target_id = ?", supporterId));

        // the DPO's copy: the whole log as CSV, its download logged in turn
        Api.Response csv = api.post("/api/admin/access-log/export", Map.of("actor", adminId), "Cookie", admin);
        assertEquals(200, csv.status(), csv.body());
        assertTrue(csv.headers().get("Content-Type").startsWith("text/csv"), csv.headers().toString());
        assertTrue(csv.headers().get("Content-Disposition").startsWith("attachment; filename=\"access-log-"));
        assertTrue(csv.body().startsWith("\uFEFFDate;Qui (type);Membre de l’équipe;"), csv.body());
        assertTrue(csv.body().contains(";person.view;person;" + publicId + ";Yves "), csv.body());
        assertTrue(csv.body().contains(";staff.signin;"), csv.body());
        assertEquals("access-log.export", list(api.get("/api/admin/access-log?actor=" + adminId, "Cookie", admin).get("items")).get(0)
                .get("action"), "downloading the log is itself in the log");
        Api.Response nobodys = api.post("/api/admin/access-log/export", Map.of("actor", "zzzzzzzzzzzzzzzzzzzzzzzz"), "Cookie", admin);
        assertEquals(1, nobodys.body().strip().lines().count(), "an unknown staff member: the header only");
        assertEquals(403, api.post("/api/admin/access-log/export", Map.of(), "Cookie", supporter).status());
        assertEquals(401, api.post("/api/admin/access-log/export", Map.of()).status());
        assertEquals(403, api.get("/api/admin/access-log", "Cookie", supporter).status());
        assertEquals(401, api.get("/api/admin/access-log").status());
        assertEquals(400, api.get("/api/admin/access-log?page=0", "Cookie", admin).status());
        assertEquals(403, api.delete("/api/admin/people/" + publicId, "Cookie", supporter).status());

        assertEquals(204, api.delete("/api/admin/people/" + publicId, "Cookie", admin).status());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE public_id = ?", publicId));
        assertEquals(404, api.delete("/api/admin/people/" + publicId, "Cookie", admin).status());
        Map<String, Object> erase = list(api.get("/api/admin/access-log", "Cookie", admin).get("items")).get(0);
        assertEquals("person.erase", erase.get("action"));
        assertEquals(null, erase.get("target"), "the erased person's name is gone from the log too");
    }

    /** Every text column of every table of the schema searched for each value: "table.column" where one is found. */
    private List<String> tracesOf(List<String> values) throws SQLException {
        List<String> found = new ArrayList<>();
        try (Connection c = connection()) {
            List<String[]> columns = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT table_name, column_name FROM information_schema.columns "
                    + "WHERE table_schema = DATABASE() AND data_type IN ('char', 'varchar', 'text', 'mediumtext', 'longtext', 'tinytext')")) {
                while (rs.next()) {
                    columns.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
            assertTrue(columns.size() > 50, "the schema's text columns were found: " + columns.size());
            for (String[] col : columns) {
                for (String value : values) {
                    try (var ps = c.prepareStatement("SELECT COUNT(*) FROM `" + col[0] + "` WHERE `" + col[1] + "` LIKE ?")) {
                        ps.setString(1, "%" + value + "%");
                        try (ResultSet rs = ps.executeQuery()) {
                            rs.next();
                            if (rs.getLong(1) > 0) {
                                found.add(col[0] + "." + col[1]);
                            }
                        }
                    }
                }
            }
        }
        return found;
    }
}
