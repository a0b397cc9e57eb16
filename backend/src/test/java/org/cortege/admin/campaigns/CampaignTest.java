package org.cortege.admin.campaigns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Mass mailings end to end on the real MariaDB and GreenMail: only consenting people receive
 * them, once each, with one-click unsubscribe; a double click sends nothing twice; a second node
 * that starts and stops midway neither loses nor doubles a mail.
 */
@AppTest
class CampaignTest extends ApiTest {

    private String admin;

    @BeforeAll
    void anAdmin() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
    }

    /** {@code n} people carrying a fresh tag (the first {@code withoutConsent} refused mailings); returns the tag id and their emails. */
    private record Audience(long tag, List<String> consenting, List<String> refusing) {
    }

    private Audience audience(int n, int withoutConsent) {
        Api.Response tag = api.post("/api/admin/tags", Map.of("name", unique("Envoi")), "Cookie", admin);
        long tagId = ((Number) tag.get("id")).longValue();
        List<String> ids = new ArrayList<>();
        List<String> consenting = new ArrayList<>();
        List<String> refusing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            boolean consent = i >= withoutConsent;
            String id = insertContact("Camille", "Destinataire " + i, LocalDate.of(1990, 1, 1), "13001", "13201", "Marseille 1er", "13",
                    43.2999, 5.3841, i % 2 == 0 ? "CONFIRMED" : "CONTACT", "signup", Instant.now().minus(5, ChronoUnit.DAYS), null, consent);
            ids.add(id);
            (consent ? consenting : refusing).add(string("SELECT email FROM person WHERE public_id = ?", id));
        }
        api.post("/api/admin/tags/" + tagId + "/apply", Map.of("people", ids), "Cookie", admin);
        return new Audience(tagId, consenting, refusing);
    }

    private String draft(Audience a, String subject) {
        Map<String, Object> body = new HashMap<>();
        body.put("subject", subject);
        body.put("body", "Rendez-vous **samedi** au marché.\n\n<script>alert(1)</script>[Le programme](https://example.org/programme)");
        body.put("locale", "fr");
        body.put("rule", Map.of("field", "tag", "values", List.of(Long.toString(a.tag()))));
        Api.Response created = api.post("/api/admin/campaigns", body, "Cookie", admin);
        assertEquals(201, created.status(), created.body());
        assertEquals("DRAFT", created.get("status"));
        return (String) created.get("id");
    }

    private Map<String, Object> awaitStatus(String id, String status) {
        long deadline = System.currentTimeMillis() + 20_000;
        Map<String, Object> c;
        do {
            c = api.get("/api/admin/campaigns/" + id, "Cookie", admin).map();
            if (status.equals(c.get("status"))) {
                return c;
            }
            TestMail.sleep(100);
        } while (System.currentTimeMillis() < deadline);
        throw new AssertionError("campaign still " + c.get("status") + ": " + c);
    }

    @Test
    void aCampaignReachesEveryConsentingPersonOnceWithOneClickUnsubscribe() throws Exception {
        Audience a = audience(4, 1);
        String subject = unique("Samedi au marché");
        String id = draft(a, subject);

        Api.Response preview = api.get("/api/admin/campaigns/" + id + "/preview", "Cookie", admin);
        assertEquals(200, preview.status(), preview.body());
        assertEquals(3, ((Number) preview.get("recipients")).intValue(), "the person who refused mailings is not counted");
        String html = (String) preview.get("html");
        assertTrue(html.contains("<strong>samedi</strong>"), html);
        assertFalse(html.contains("<script"), "the body is sanitized");

        int adminBefore = TestMail.mailsTo("admin@cortege.test").size();
        assertEquals(202, api.post("/api/admin/campaigns/" + id + "/test", Map.of(), "Cookie", admin).status());
        MimeMessage test = TestMail.awaitMails("admin@cortege.test", adminBefore + 1).get(adminBefore);
        assertEquals(subject, TestMail.subject(test));

        Api.Response send = api.post("/api/admin/campaigns/" + id + "/send", Map.of(), "Cookie", admin);
        assertEquals(200, send.status(), send.body());
        Api.Response again = api.post("/api/admin/campaigns/" + id + "/send", Map.of(), "Cookie", admin);
        assertEquals(409, again.status(), "a double click sends nothing twice");
        assertTrue(((String) again.get("detail")).contains("une seconde fois"), again.body());
        assertEquals(409, api.put("/api/admin/campaigns/" + id, Map.of("subject", "x", "body", "y", "locale", "fr",
                "rule", Map.of("op", "and")), "Cookie", admin).status(), "a sent campaign cannot be edited");

        Map<String, Object> done = awaitStatus(id, "SENT");
        assertEquals(3, ((Number) done.get("recipients")).intValue());
        assertEquals(3, ((Number) done.get("sent")).intValue(), done.toString());
        assertEquals(0, ((Number) done.get("waiting")).intValue());
        // the mailing is in each recipient's record, under its subject (the mail feature tells what it sent)
        String someone = string("SELECT public_id FROM person WHERE email = ?", a.consenting().get(0));
        String record = api.get("/api/admin/people/" + someone, "Cookie", admin).body();
        assertTrue(record.contains("\"kind\":\"mailed\",\"label\":\"" + subject + "\""), record);

        for (String email : a.consenting()) {
            List<MimeMessage> mails = TestMail.mailsTo(email);
            assertEquals(1, mails.size(), email);
            MimeMessage m = mails.get(0);
            assertEquals(subject, TestMail.subject(m));
            String listUnsubscribe = m.getHeader("List-Unsubscribe")[0];
            assertTrue(listUnsubscribe.matches("<" + java.util.regex.Pattern.quote(publicUrl()) + "/api/unsubscribe\\?m=[\\w-]+&t=[\\w-]+>"), listUnsubscribe);
            assertEquals("List-Unsubscribe=One-Click", m.getHeader("List-Unsubscribe-Post")[0]);
            String text = TestMail.textPart(m);
            assertTrue(text.contains("Bonjour Camille,"));
            assertTrue(text.contains("Rendez-vous samedi au marché."), "Markdown read as text, not raw **: " + text);
            assertFalse(text.contains("**"), text);
            assertTrue(TestMail.htmlPart(m).contains("/desabonnement#m="), "the body links to the unsubscribe page");
        }
        assertEquals(0, TestMail.mailsTo(a.refusing().get(0)).size(), "no consent, no mail");

        // One click from the mail client: RFC 8058's POST, no session, no Origin.
        String email = a.consenting().get(0);
        String url = TestMail.mailsTo(email).get(0).getHeader("List-Unsubscribe")[0].replaceAll("^<" + java.util.regex.Pattern.quote(publicUrl()) + "|>$", "");
        Api.Response forged = api.exchange(HttpRequest.POST(url.replaceAll("t=[\\w-]+", "t=forged"), "List-Unsubscribe=One-Click")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(400, forged.status());
        Api.Response unsubscribed = api.exchange(HttpRequest.POST(url, "List-Unsubscribe=One-Click")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(204, unsubscribed.status(), unsubscribed.body());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ? AND email_consent", email));
        assertEquals(1, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ? "
                + "AND c.purpose = 'email' AND c.withdrawn_at IS NOT NULL", email), "recorded as a consent change");

        String next = draft(a, unique("Deuxième envoi"));
        assertEquals(2, ((Number) api.get("/api/admin/campaigns/" + next + "/preview", "Cookie", admin).get("recipients")).intValue(),
                "the unsubscribed person is no longer a recipient");
    }

    @Test
    void aSecondNodeStoppedMidwayNeitherLosesNorDoublesAMail() {
        Audience a = audience(24, 0);
        String id = draft(a, unique("Deux nœuds"));
        Map<String, Object> props = secondNodeProperties();
        try (ApplicationContext second = ApplicationContext.run(props, "test")) {
            assertTrue(second.containsBean(CampaignRunner.class), "the second node runs campaigns too");
            assertEquals(200, api.post("/api/admin/campaigns/" + id + "/send", Map.of(), "Cookie", admin).status());
            // Both nodes take recipients (two per run each); stop the second one halfway.
            long deadline = System.currentTimeMillis() + 15_000;
            while (count("SELECT COUNT(*) FROM campaign_recipient r JOIN campaign c ON c.id = r.campaign_id "
                    + "WHERE c.public_id = ? AND r.status = 'QUEUED'", id) < 8 && System.currentTimeMillis() < deadline) {
                TestMail.sleep(50);
            }
        }
        Map<String, Object> done = awaitStatus(id, "SENT");
        assertEquals(24, ((Number) done.get("sent")).intValue(), done.toString());
        for (String email : a.consenting()) {
            assertEquals(1, TestMail.mailsTo(email).size(), "exactly one mail to " + email);
        }
    }

    @Test
    void badRequestsAreRefusedAndAScheduledCampaignCanBeStopped() {
        Map<String, Object> noAudience = Map.of("subject", "Sans destinataires", "body", "Texte", "locale", "fr");
        Api.Response r = api.post("/api/admin/campaigns", noAudience, "Cookie", admin);
        assertEquals(400, r.status());
        assertEquals("Choisissez à qui écrire\u00a0: un segment enregistré ou un filtre.", r.fieldError("segment").orElseThrow());

        Audience nobody = audience(2, 2);
        String silent = draft(nobody, unique("Personne"));
        Api.Response empty = api.post("/api/admin/campaigns/" + silent + "/send", Map.of(), "Cookie", admin);
        assertEquals(400, empty.status());
        assertTrue(empty.fieldError("segment").orElseThrow().startsWith("Personne ne recevrait cet envoi"), empty.body());

        Audience a = audience(2, 0);
        String id = draft(a, unique("Programmé"));
        assertEquals(400, api.post("/api/admin/campaigns/" + id + "/send", Map.of("at", "2001-01-01T10:00:00+01:00"), "Cookie", admin).status());
        assertEquals(400, api.post("/api/admin/campaigns/" + id + "/send", Map.of("at", "demain"), "Cookie", admin).status());
        String at = Instant.now().plus(2, ChronoUnit.DAYS).toString();
        Api.Response scheduled = api.post("/api/admin/campaigns/" + id + "/send", Map.of("at", at), "Cookie", admin);
        assertEquals(200, scheduled.status(), scheduled.body());
        assertEquals("SCHEDULED", scheduled.get("status"));
        Api.Response cancelled = api.post("/api/admin/campaigns/" + id + "/cancel", Map.of(), "Cookie", admin);
        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals(409, api.post("/api/admin/campaigns/" + id + "/cancel", Map.of(), "Cookie", admin).status());
        TestMail.sleep(600);
        assertEquals(0, TestMail.mailsTo(a.consenting().get(0)).size());

        String supporter = confirmedSupporter(newEmail());
        assertEquals(403, api.get("/api/admin/campaigns", "Cookie", supporter).status());
        assertEquals(403, api.post("/api/admin/campaigns/" + id + "/send", Map.of(), "Cookie", supporter).status());
        assertEquals(401, api.get("/api/admin/campaigns").status());
        assertEquals(400, api.exchange(HttpRequest.POST("/api/unsubscribe?m=x&t=y", "")
                .contentType(MediaType.APPLICATION_FORM_URLENCODED_TYPE)).status());
    }

    @Test
    void aSavedSegmentStaysWhileACampaignWaitsOnItAndTheCampaignKeepsItsFrozenAudience() {
        Audience a = audience(2, 0);
        Api.Response segment = api.post("/api/admin/segments", Map.of("name", unique("Marché"),
                "rule", Map.of("field", "tag", "values", List.of(Long.toString(a.tag())))), "Cookie", admin);
        assertEquals(201, segment.status(), segment.body());
        String segmentId = (String) segment.get("id");
        Map<String, Object> body = new HashMap<>(Map.of("subject", unique("Au segment"), "body", "Texte", "locale", "fr", "segment", segmentId));
        Api.Response created = api.post("/api/admin/campaigns", body, "Cookie", admin);
        assertEquals(201, created.status(), created.body());
        String id = (String) created.get("id");
        assertEquals(segmentId, created.get("segment"), created.body());
        body.put("segment", "inconnu");
        Api.Response unknown = api.put("/api/admin/campaigns/" + id, body, "Cookie", admin);
        assertEquals(400, unknown.status(), "an unknown segment is refused on the field");
        assertTrue(unknown.fieldError("segment").isPresent(), unknown.body());

        // A draft does not hold its segment; a scheduled campaign does, until it is stopped.
        String at = Instant.now().plus(2, ChronoUnit.DAYS).toString();
        assertEquals(200, api.post("/api/admin/campaigns/" + id + "/send", Map.of("at", at), "Cookie", admin).status());
        Api.Response inUse = api.delete("/api/admin/segments/" + segmentId, "Cookie", admin);
        assertEquals(409, inUse.status(), inUse.body());
        assertEquals(200, api.post("/api/admin/campaigns/" + id + "/cancel", Map.of(), "Cookie", admin).status());
        assertEquals(204, api.delete("/api/admin/segments/" + segmentId, "Cookie", admin).status());
        Map<String, Object> after = api.get("/api/admin/campaigns/" + id, "Cookie", admin).map();
        assertEquals("CANCELLED", after.get("status"));
        assertTrue(after.get("rule") != null, "the audience frozen at sending stays with the campaign: " + after);
    }
}
