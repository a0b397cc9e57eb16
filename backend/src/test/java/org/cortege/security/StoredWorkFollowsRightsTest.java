package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cortege.admin.campaigns.CampaignDelivery;
import org.cortege.admin.csv.ImportJob;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Work queued on a staff member's behalf runs with their rights as they are when it runs: a
 * narrowed territory narrows it, lost rights stop it. The runners are driven by hand here (their
 * schedules are set an hour apart) so each step happens exactly between two changes of rights.
 */
@AppTest
class StoredWorkFollowsRightsTest extends ApiTest {

    @Inject
    ImportJob imports;

    @Inject
    CampaignDelivery campaigns;

    private String admin;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.imports.poll-interval", "1h", "cortege.campaigns.poll-interval", "1h");
    }

    @BeforeAll
    void anAdmin() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
    }

    private String contactIn(String postalCode, String insee, String commune, String dept) {
        return insertContact("Destinataire", "De " + dept, LocalDate.of(1980, 1, 1), postalCode, insee, commune, dept, 43.9, 4.8,
                "CONFIRMED", "signup", Instant.now(), null, true);
    }

    @Test
    void aNarrowedTerritoryNarrowsAMailingAlreadyScheduled() {
        SignedIn author = anOrganizer(admin, "13", "84");
        long tag = ((Number) api.post("/api/admin/tags", Map.of("name", unique("Deux départements")), "Cookie", admin).get("id")).longValue();
        String marseille = contactIn("13001", "13201", "Marseille 1er", "13");
        String avignon = contactIn("84000", "84007", "Avignon", "84");
        api.post("/api/admin/tags/" + tag + "/apply", Map.of("people", List.of(marseille, avignon)), "Cookie", admin);
        Map<String, Object> body = new HashMap<>();
        body.put("subject", "Réunion " + UUID.randomUUID());
        body.put("body", "Bonjour.");
        body.put("locale", "fr");
        body.put("rule", Map.of("field", "tag", "values", List.of(Long.toString(tag))));
        String campaign = (String) api.post("/api/admin/campaigns", body, "Cookie", author.cookie()).get("id");
        assertEquals(200, api.post("/api/admin/campaigns/" + campaign + "/send", Map.of(), "Cookie", author.cookie()).status());
        assertEquals(200, api.put("/api/admin/people/" + author.publicId() + "/territories", Map.of("departements", List.of("84")),
                "Cookie", admin).status());

        while (campaigns.startDue() > 0 || campaigns.queueBatch(100) > 0) {
            // the runner's steps, by hand
        }
        String toAvignon = string("SELECT email FROM person WHERE public_id = ?", avignon);
        String toMarseille = string("SELECT email FROM person WHERE public_id = ?", marseille);
        TestMail.awaitMails(toAvignon, 1);
        TestMail.sleep(500);
        assertEquals(0, TestMail.mailsTo(toMarseille).size(), "the département taken from the author is no longer mailed");
    }

    @Test
    void anImportStopsWhenItsAuthorIsNoLongerAnOrganizer() {
        SignedIn author = anOrganizer(admin, "13");
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("email;code postal\r\n");
        for (int i = 0; i < 3; i++) {
            csv.append("stop").append(i).append('.').append(run).append("@import.test;13001\r\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        String id = (String) api.post("/api/admin/imports", Map.of("fileName", "liste.csv", "size", bytes.length), "Cookie", author.cookie())
                .get("id");
        api.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/0", bytes).contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE),
                "Cookie", author.cookie());
        assertEquals(200, api.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", author.cookie()).status());
        Map<String, Object> options = Map.of("mapping", Map.of("email", "email", "code postal", "postalCode"), "duplicates", "update");
        assertEquals(200, api.post("/api/admin/imports/" + id + "/start", declared(options), "Cookie", author.cookie()).status());
        api.put("/api/admin/people/" + author.publicId() + "/territories", Map.of("departements", List.of()), "Cookie", admin);

        while (!"FAILED".equals(string("SELECT status FROM contact_import WHERE public_id = ?", id)) && imports.runNext()) {
            // the runner's step, by hand
        }
        assertEquals("FAILED", string("SELECT status FROM contact_import WHERE public_id = ?", id));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email LIKE ?", "%." + run + "@import.test"), "nobody was imported");
        assertTrue(count("SELECT COUNT(*) FROM audit_log WHERE action = 'import.stopped' AND target_id = ?", id) == 1);
    }
}
