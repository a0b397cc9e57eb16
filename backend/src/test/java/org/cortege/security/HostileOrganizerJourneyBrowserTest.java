package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * In Debian's Chromium against the built app: a rogue organizer tries, from the pages, to take over
 * an account, delete the segment under a scheduled mailing, page through the whole table and import
 * an address known elsewhere; each is refused with a sentence, and nothing changes.
 */
@AppTest
class HostileOrganizerJourneyBrowserTest extends ApiTest {

    private final String run = unique("r").replace(" ", "");

    @AfterAll
    void removeTheCrowd() {
        update("DELETE FROM person WHERE email LIKE ?", "crowd-" + run + "-%");
    }

    @Test
    void everyAttemptIsRefusedWithASentence() throws Exception {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "2A");
        String victimEmail = newEmail();
        Map<String, Object> victim = signupBody(victimEmail);
        victim.put("postalCode", "75011");
        confirmedSupporter(victim);
        String contact = insertContact("Lisandru", "Santoni", LocalDate.of(1985, 6, 1), "20000", "2A004", "Ajaccio", "2A",
                41.93, 8.74, "CONFIRMED", "signup", Instant.now(), null, true);
        // More people in the territory than the table shows (2 000).
        update("INSERT INTO person (public_id, email, first_name, last_name, country, postal_code, insee_code, commune, departement, "
                + "lat, lng, geo_precision, locale, status, source, created_at, confirmed_at, updated_at) "
                + "SELECT CONCAT('c', SUBSTRING(MD5(CONCAT(?, seq)), 1, 15)), CONCAT('crowd-', ?, '-', seq, '@contacts.test'), 'Foule', "
                + "CONCAT('N', seq), 'FR', '20000', '2A004', 'Ajaccio', '2A', 41.93, 8.74, 'commune', 'fr', 'CONFIRMED', 'import', "
                + "UTC_TIMESTAMP(6), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM seq_1_to_2050", run, run);

        String segmentName = unique("Corse du Sud");
        Api.Response segment = api.post("/api/admin/segments", Map.of("name", segmentName,
                "rule", Map.of("field", "departement", "values", List.of("2A"))), "Cookie", organizer.cookie());
        assertEquals(201, segment.status(), segment.body());
        Map<String, Object> body = new HashMap<>(Map.of("subject", "Réunion", "body", "Venez nombreux.", "locale", "fr",
                "segment", segment.get("id")));
        Api.Response campaign = api.post("/api/admin/campaigns", body, "Cookie", organizer.cookie());
        assertEquals(201, campaign.status(), campaign.body());
        assertEquals(200, api.post("/api/admin/campaigns/" + campaign.get("id") + "/send",
                Map.of("at", OffsetDateTime.now(ZoneOffset.UTC).plusDays(3).toString()), "Cookie", organizer.cookie()).status());

        BrowserJourney.run("hostile-organizer-journey.mjs", List.of(baseUrl(), organizer.cookie(), contact, victimEmail, segmentName, run),
                question -> {
                    throw new AssertionError("unexpected question " + question);
                });
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ? AND departement = '75'", victimEmail), "the victim did not move");
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", "repris-" + run + "@exemple.org"), "no address changed");
        assertEquals(1, count("SELECT COUNT(*) FROM segment WHERE public_id = ?", segment.get("id")), "the segment is still there");
    }

    /** The shared app: its public address is its own (links in mails come back here). */
    private String baseUrl() {
        return publicUrl();
    }
}
