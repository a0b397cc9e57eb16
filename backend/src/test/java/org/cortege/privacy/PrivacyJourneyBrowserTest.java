package org.cortege.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.junit.jupiter.api.Test;

/**
 * In Debian's Chromium against the built app: every public page calls nobody but the site and the
 * tile server and carries the security headers; a supporter reads their data, stops the mailings
 * and deletes their account; an admin reviews the access log.
 */
@AppTest
class PrivacyJourneyBrowserTest extends ApiTest {

    @jakarta.inject.Inject
    ObjectionLinks links;

    @Test
    void publicPagesCallNoThirdPartyAndASupporterTakesTheirDataAndLeaves() throws Exception {
        String manager = confirmedSupporter(newEmail());
        String groupId = createGroup(manager, unique("Groupe de la vie privée"), "75011");
        String groupSlug = (String) api.get("/api/groups/" + groupId).get("slug");
        Map<String, Object> event = new HashMap<>(Map.of("title", unique("Réunion publique"), "type", "public-meeting",
                "description", "Salle des fêtes.", "start", LocalDate.now().plusDays(12) + "T18:00",
                "end", LocalDate.now().plusDays(12) + "T20:00", "postalCode", "75011"));
        Api.Response created = api.post("/api/groups/" + groupId + "/events", event, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String email = newEmail();
        String supporter = confirmedSupporter(email);
        String admin = freshAdmin();
        String contact = insertContact("Inès", unique("Consultée"), LocalDate.of(1990, 3, 4), "75011", "75111", "Paris 11e", "75",
                48.86, 2.38, "CONFIRMED", "signup", java.time.Instant.now(), null, true);
        String imported = insertContact("Lou", unique("Importée"), null, "13001", "13201", "Marseille 1er", "13",
                43.30, 5.38, "CONTACT", "import:petition.csv", java.time.Instant.now(), null, false);
        String objectionPath = links.pageUrl(imported, string("SELECT email FROM person WHERE public_id = ?", imported))
                .substring(publicUrl().length());
        BrowserJourney.run("privacy-journey.mjs", List.of(baseUrl(), groupSlug, (String) created.get("slug"), supporter, admin, contact,
                        objectionPath),
                question -> {
                    if (question.equals("ERASED?")) {
                        return count("SELECT COUNT(*) FROM person WHERE email = ?", email) == 0 ? "yes" : "no";
                    }
                    if (question.equals("OBJECTED?")) {
                        return count("SELECT COUNT(*) FROM person WHERE public_id = ?", imported) == 0 ? "yes" : "no";
                    }
                    throw new AssertionError("unexpected question " + question);
                });
    }

    /** The shared app: its public address is its own (links in mails come back here). */
    private String baseUrl() {
        return publicUrl();
    }
}
