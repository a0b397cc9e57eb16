package org.cortege.security;

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
 * In Debian's Chromium against the built app: the invited group's manager accepts a co-organising
 * invitation from their group's page; an admin gives an organizer an activation code.
 */
@AppTest
class CohostJourneyBrowserTest extends ApiTest {

    @Test
    void theInvitedGroupsManagerAcceptsFromTheGroupPage() throws Exception {
        String pusher = confirmedSupporter(newEmail());
        String pushing = createGroup(pusher, unique("Groupe qui invite"), "13001");
        String manager = confirmedSupporter(newEmail());
        String invited = createGroup(manager, unique("Groupe invité"), "13002");
        String slug = (String) api.get("/api/groups/" + invited).get("slug");
        String title = unique("Tractage commun");
        String day = LocalDate.now().plusDays(9).toString();
        Map<String, Object> body = new HashMap<>(Map.of("title", title, "type", "leafleting", "description", "Devant la gare.",
                "start", day + "T10:00", "end", day + "T12:00", "postalCode", "13001", "cohosts", List.of(invited)));
        Api.Response created = api.post("/api/groups/" + pushing + "/events", body, "Cookie", pusher);
        assertEquals(201, created.status(), created.body());
        String eventSlug = (String) created.get("slug");

        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        BrowserJourney.run("cohost-journey.mjs", List.of(baseUrl(), manager, slug, title, admin, organizer.publicId(), organizer.cookie()),
                question -> {
                    if (question.equals("LISTED?")) {
                        return api.get("/api/events?group=" + slug).body().contains(eventSlug) ? "yes" : "no";
                    }
                    throw new AssertionError("unexpected question " + question);
                });
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.secondFactorPermit' AND target_id = ?",
                organizer.publicId()), "the code given is in the log");
    }

    /** The shared app: its public address is its own (links in mails come back here). */
    private String baseUrl() {
        return publicUrl();
    }
}
