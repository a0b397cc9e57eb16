package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cortege.people.PersonService;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attacks by people who are allowed in: an organizer of the Bouches-du-Rhône reaching people of
 * other départements or taking over accounts, a segment edited or deleted under a scheduled
 * mailing, an admin whose rights were withdrawn. Each test is the attack as it was reproduced on a
 * running instance (issue 12); each was red before its fix.
 */
@AppTest
class HostileInsiderTest extends ApiTest {

    @Inject
    PersonService people;

    @Inject
    org.cortege.people.Admins admins;

    @Inject
    org.cortege.privacy.ConsentAudit consentAudit;

    private String admin;
    private String organizer;
    private String organizerId;

    @BeforeAll
    void staff() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
        SignedIn o = anOrganizer(admin, "13");
        organizer = o.cookie();
        organizerId = o.publicId();
    }

    private String parisian() {
        return insertContact("Victime", "Parisienne", LocalDate.of(1975, 3, 3), "75011", "75111", "Paris 11e", "75", 48.86, 2.38,
                "CONFIRMED", "signup", Instant.now(), null, true);
    }

    private String marseillais() {
        return insertContact("Voisin", "Marseillais", LocalDate.of(1975, 3, 3), "13001", "13201", "Marseille 1er", "13", 43.3, 5.38,
                "CONFIRMED", "signup", Instant.now(), null, true);
    }

    private String emailOf(String publicId) {
        return string("SELECT email FROM person WHERE public_id = ?", publicId);
    }

    // --- 1. the CSV import stays inside the organizer's territory ---

    private String upload(String csv, String cookie) {
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        Api.Response begun = api.post("/api/admin/imports", Map.of("fileName", "liste.csv", "size", bytes.length), "Cookie", cookie);
        assertEquals(201, begun.status(), begun.body());
        String id = (String) begun.get("id");
        Api.Response piece = api.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/0", bytes)
                .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Cookie", cookie);
        assertEquals(204, piece.status(), piece.body());
        Api.Response read = api.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", cookie);
        assertEquals(200, read.status(), read.body());
        return id;
    }

    @Test
    @SuppressWarnings("unchecked")
    void anOrganizerCannotPullSomeoneOfAnotherDepartementIntoTheirTerritoryByImport() {
        String victim = parisian();
        String neighbour = marseillais();
        String tag = unique("Capture");
        String fresh = newEmail();
        String id = upload("email;code postal;prénom\r\n" + emailOf(victim) + ";13001;Pris\r\n" + emailOf(neighbour) + ";13002;Voisin\r\n"
                + fresh + ";13003;Nouveau\r\n", organizer);
        Map<String, Object> options = new HashMap<>();
        options.put("mapping", Map.of("email", "email", "code postal", "postalCode", "prénom", "firstName"));
        options.put("duplicates", "update");
        options.put("tag", tag);

        Api.Response check = api.post("/api/admin/imports/" + id + "/check", options, "Cookie", organizer);
        assertEquals(200, check.status(), check.body());
        Map<String, Object> summary = (Map<String, Object>) check.get("summary");
        assertEquals(1, ((Number) summary.get("update")).intValue(), "the dry run counts only people of the territory: " + summary);
        assertEquals(2, ((Number) summary.get("create")).intValue(), "a supporter elsewhere looks like a new address: " + summary);

        assertEquals(200, api.post("/api/admin/imports/" + id + "/start", declared(options), "Cookie", organizer).status());
        Map<String, Object> done = awaitImport(id, organizer);
        assertEquals("DONE", done.get("status"));
        assertEquals("75", string("SELECT departement FROM person WHERE public_id = ?", victim), "not moved");
        assertEquals("Victime", string("SELECT first_name FROM person WHERE public_id = ?", victim), "not renamed");
        assertEquals(0, count("SELECT COUNT(*) FROM person_tag pt JOIN person p ON p.id = pt.person_id WHERE p.public_id = ?", victim),
                "not tagged");
        assertEquals(404, api.get("/api/admin/people/" + victim, "Cookie", organizer).status(), "still out of reach");
        assertEquals("13", string("SELECT departement FROM person WHERE public_id = ?", neighbour));
        assertEquals("Voisin", string("SELECT first_name FROM person WHERE public_id = ?", neighbour), "people of the territory are updated");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", fresh));
        String errors = done.get("errors").toString();
        assertTrue(errors.contains("ne peut pas être importée depuis votre compte"), errors);
        assertFalse(errors.contains("75") || errors.contains("Paris") || errors.contains("existe"), "the reason says nothing of where: " + errors);
    }

    private Map<String, Object> awaitImport(String id, String cookie) {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            Map<String, Object> v = api.get("/api/admin/imports/" + id, "Cookie", cookie).map();
            if ("DONE".equals(v.get("status")) || "FAILED".equals(v.get("status"))) {
                return v;
            }
            TestMail.sleep(100);
        }
        throw new AssertionError("import did not finish");
    }

    // --- 2. no account takeover through the contact database ---

    @Test
    void anOrganizerCannotChangeAnyonesAddress() {
        String target = marseillais();
        String before = emailOf(target);
        Api.Response r = api.patch("/api/admin/people/" + target, Map.of("email", newEmail()), "Cookie", organizer);
        assertEquals(403, r.status(), r.body());
        assertTrue(((String) r.get("detail")).contains("administrateur"), r.body());
        assertEquals(before, emailOf(target));
    }

    @Test
    void nobodyChangesAStaffMembersAddressFromTheContactDatabase() {
        Api.Response r = api.patch("/api/admin/people/" + organizerId, Map.of("email", newEmail()), "Cookie", admin);
        assertEquals(403, r.status(), r.body());
        String adminId = string("SELECT public_id FROM person WHERE email = 'admin@cortege.test'");
        assertEquals(403, api.patch("/api/admin/people/" + adminId, Map.of("email", newEmail()), "Cookie", admin).status());
        assertEquals("admin@cortege.test", emailOf(adminId));
    }

    @Test
    void whenAnAdminChangesAnAddressTheOldOneIsToldAndTheSessionsClose() {
        String old = newEmail();
        String session = confirmedSupporter(old);
        assertEquals(200, api.get("/api/me", "Cookie", session).status());
        String id = string("SELECT public_id FROM person WHERE email = ?", old);
        String replacement = newEmail();
        Api.Response r = api.patch("/api/admin/people/" + id, Map.of("email", replacement), "Cookie", admin);
        assertEquals(200, r.status(), r.body());
        assertEquals(401, api.get("/api/me", "Cookie", session).status(), "the person's sessions are closed");
        MimeMessage told = TestMail.awaitMails(old, 2).get(1);
        assertEquals("L’adresse de votre compte a changé", TestMail.subject(told));
        assertTrue(TestMail.textPart(told).contains(replacement), TestMail.textPart(told));
    }

    // --- 4. a scheduled mailing's audience is frozen ---

    @Test
    @SuppressWarnings("unchecked")
    void aSegmentUnderAScheduledMailingCanNeitherBeDeletedNorWidenIt() {
        long tag = ((Number) api.post("/api/admin/tags", Map.of("name", unique("Public")), "Cookie", admin).get("id")).longValue();
        String member = marseillais();
        api.post("/api/admin/tags/" + tag + "/apply", Map.of("people", List.of(member)), "Cookie", admin);
        Map<String, Object> tagRule = Map.of("field", "tag", "values", List.of(Long.toString(tag)));
        Api.Response segment = api.post("/api/admin/segments", Map.of("name", unique("Segment"), "rule", tagRule), "Cookie", admin);
        assertEquals(201, segment.status(), segment.body());
        String segmentId = (String) segment.get("id");
        Map<String, Object> body = new HashMap<>();
        body.put("subject", "Réunion");
        body.put("body", "Venez nombreux.");
        body.put("locale", "fr");
        body.put("segment", segmentId);
        String campaign = (String) api.post("/api/admin/campaigns", body, "Cookie", admin).get("id");
        String at = OffsetDateTime.now(ZoneOffset.UTC).plusDays(2).toString();
        assertEquals(200, api.post("/api/admin/campaigns/" + campaign + "/send", Map.of("at", at), "Cookie", admin).status());

        Api.Response delete = api.delete("/api/admin/segments/" + segmentId, "Cookie", admin);
        assertEquals(409, delete.status(), delete.body());
        assertTrue(((String) delete.get("detail")).contains("annulez l’envoi"), delete.body());

        Map<String, Object> everyone = Map.of("field", "status", "values", List.of("CONFIRMED", "CONTACT"));
        assertEquals(200, api.put("/api/admin/segments/" + segmentId, Map.of("name", unique("Élargi"), "rule", everyone), "Cookie", admin)
                .status());
        Map<String, Object> view = api.get("/api/admin/campaigns/" + campaign, "Cookie", admin).map();
        String rule = String.valueOf(view.get("rule"));
        assertTrue(rule.contains("tag") && rule.contains(Long.toString(tag)) && !rule.contains("CONTACT"),
                "the scheduled campaign keeps the audience it was sent to: " + rule);
        Map<String, Object> preview = api.get("/api/admin/campaigns/" + campaign + "/preview", "Cookie", admin).map();
        assertEquals(1, ((Number) preview.get("recipients")).intValue(), "one person, not everyone: " + preview);
    }

    // --- 5. rights end when they are withdrawn, not at the next sign-in ---

    @Test
    void anAdminRemovedFromTheListLosesTheRightOnTheirNextRequest() {
        String email = newEmail();
        String link = admins.grantAdmin(email, "Ancienne", "Admin", "13001");
        Api.Response signedIn = api.post("/api/login/confirm", Map.of("token", link.substring(link.indexOf("#token=") + 7)));
        assertEquals(200, signedIn.status(), signedIn.body());
        String session = signedIn.sessionCookie();
        assertEquals(200, api.get("/api/admin/me", "Cookie", session).status());
        admins.revokeAdmin(email);
        assertEquals(403, api.get("/api/admin/me", "Cookie", session).status(), "revoke-admin takes effect at once");

        // An admin by CORTEGE_ADMIN_EMAILS whose address was taken off the list: the stored flag is stale.
        update("UPDATE person SET admin = TRUE, admin_granted = FALSE WHERE email = ?", email);
        assertEquals(403, api.get("/api/admin/me", "Cookie", session).status(), "a stale flag is not a right");
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ? AND admin", email), "and it is corrected");
    }

    @Test
    void theStartUpSyncCorrectsStaleAdminFlagsBothWays() {
        String stale = marseillais();
        update("UPDATE person SET admin = TRUE, admin_granted = FALSE WHERE public_id = ?", stale);
        update("UPDATE person SET admin = FALSE WHERE email = 'admin@cortege.test'");
        assertTrue(admins.syncAdmins() >= 2);
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE public_id = ? AND admin", stale), "no longer listed nor granted");
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = 'admin@cortege.test' AND admin"), "listed in CORTEGE_ADMIN_EMAILS");
    }

    @Test
    void aMailingStopsWhenItsAuthorLosesTheTerritory() {
        SignedIn author = anOrganizer(admin, "13");
        String cookie = author.cookie();
        String id = author.publicId();
        long tag = ((Number) api.post("/api/admin/tags", Map.of("name", unique("Relance")), "Cookie", admin).get("id")).longValue();
        String member = marseillais();
        String memberEmail = emailOf(member);
        api.post("/api/admin/tags/" + tag + "/apply", Map.of("people", List.of(member)), "Cookie", admin);
        Map<String, Object> body = new HashMap<>();
        body.put("subject", "Relance " + UUID.randomUUID());
        body.put("body", "Bonjour.");
        body.put("locale", "fr");
        body.put("rule", Map.of("field", "tag", "values", List.of(Long.toString(tag))));
        Api.Response created = api.post("/api/admin/campaigns", body, "Cookie", cookie);
        assertEquals(201, created.status(), created.body());
        String campaign = (String) created.get("id");
        String at = OffsetDateTime.now(ZoneOffset.UTC).plusSeconds(3).toString();
        assertEquals(200, api.post("/api/admin/campaigns/" + campaign + "/send", Map.of("at", at), "Cookie", cookie).status());
        api.put("/api/admin/people/" + id + "/territories", Map.of("departements", List.of()), "Cookie", admin);

        long deadline = System.currentTimeMillis() + 20_000;
        String status;
        do {
            TestMail.sleep(200);
            status = string("SELECT status FROM campaign WHERE public_id = ?", campaign);
        } while (!"CANCELLED".equals(status) && !"SENT".equals(status) && System.currentTimeMillis() < deadline);
        assertEquals("CANCELLED", status);
        TestMail.sleep(1000);
        assertEquals(0, TestMail.mailsTo(memberEmail).size(), "nobody received it");
    }

    // --- consent: a confirmed supporter always holds the consent they gave (issue 18) ---

    @Test
    void anImportedContactWhoSignsUpHoldsTheConsentTheyGave() {
        String contact = insertContact("Importée", "Puis Inscrite", LocalDate.of(1980, 1, 1), "13001", "13201", "Marseille 1er", "13",
                43.3, 5.38, "CONTACT", "import:papier.csv", Instant.now(), null, false);
        String email = emailOf(contact);
        assertEquals(202, api.post("/api/login", Map.of("email", email)).status());
        TestMail.sleep(1000);
        assertEquals(0, TestMail.mailsTo(email).size(), "an imported contact has no account to sign in to: no login link");
        String session = confirmedSupporter(email);
        assertEquals(200, api.get("/api/me", "Cookie", session).status());
        assertEquals("CONFIRMED", string("SELECT status FROM person WHERE public_id = ?", contact));
        assertEquals(1, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.public_id = ? "
                + "AND c.purpose = 'signup' AND c.version = '2026-11' AND c.wording LIKE 'J’accepte%' AND c.withdrawn_at IS NULL", contact));
    }

    @Test
    void everyPathToConfirmedLeavesExactlyOneSignupConsent() {
        String fresh = newEmail();
        confirmedSupporter(fresh);
        assertEquals(1, signupConsents(fresh), "new");

        String pending = newEmail();
        assertEquals(202, api.post("/api/signup", signupBody(pending)).status());
        TestMail.awaitMails(pending, 1);
        confirmedSupporter(pending); // signs up a second time, then confirms the latest link
        assertEquals(1, signupConsents(pending), "pending, then again");

        String banned = newEmail();
        confirmedSupporter(banned);
        update("UPDATE person SET status = 'BANNED' WHERE email = ?", banned);
        int mails = TestMail.mailsTo(banned).size();
        assertEquals(202, api.post("/api/signup", signupBody(banned)).status());
        TestMail.sleep(1000);
        assertEquals(mails, TestMail.mailsTo(banned).size(), "banned: nothing sent");

        String erased = newEmail();
        confirmedSupporter(erased);
        update("DELETE FROM person WHERE email = ?", erased);
        confirmedSupporter(erased);
        assertEquals(1, signupConsents(erased), "erased and back");
        assertEquals(0, count("SELECT COUNT(*) FROM person p WHERE p.email IN (?, ?, ?) AND p.status = 'CONFIRMED' AND NOT EXISTS "
                + "(SELECT 1 FROM consent c WHERE c.person_id = p.id AND c.purpose = 'signup')", fresh, pending, erased));
    }

    @Test
    void theCountOfSupportersLeftWithoutConsentIsReportedOnceAcrossNodes() {
        update("UPDATE job_run SET finished_at = NULL, report = '7' WHERE name = 'consent-audit-v19'");
        assertEquals(java.util.Optional.of(7L), consentAudit.reportOnce());
        assertEquals(java.util.Optional.empty(), consentAudit.reportOnce(), "a second node, or a restart, says nothing");
    }

    private long signupConsents(String email) {
        return count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ? AND c.purpose = 'signup'", email);
    }
}
