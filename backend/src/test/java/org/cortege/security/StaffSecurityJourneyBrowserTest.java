package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * In Debian's Chromium against the built app: an organizer turns on an authenticator app from their
 * space, and a sign-in link from their mailbox then stops at the code page (French and English).
 */
@AppTest
class StaffSecurityJourneyBrowserTest extends ApiTest {

    @Test
    void anOrganizerTurnsOnTheAppAndAMailboxThiefStopsAtTheCodePage() throws Exception {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        BrowserJourney.run("staff-security-journey.mjs", List.of(baseUrl(), organizer.cookie()), question -> {
            if (question.startsWith("CODE ")) {
                String[] parts = question.substring(5, question.length() - 1).split(" ");
                return SecondFactorTest.totp(parts[0], Integer.parseInt(parts[1]));
            }
            if (question.equals("SESSION?")) {
                int before = TestMail.mailsTo(organizer.email()).size();
                assertEquals(202, api.post("/api/login", Map.of("email", organizer.email())).status());
                String token = TestMail.token(TestMail.awaitMails(organizer.email(), before + 1).get(before));
                Api.Response confirm = api.post("/api/login/confirm", Map.of("token", token));
                return confirm.sessionCookie();
            }
            throw new AssertionError("unexpected question " + question);
        });
    }

    /** The shared app: its public address is its own (links in mails come back here). */
    private String baseUrl() {
        return publicUrl();
    }
}
