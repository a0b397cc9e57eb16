package org.cortege.people;

import java.util.List;
import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * The sign-up journey in a real browser against the built app served by the backend: the form,
 * its errors, the mail caught by GreenMail, its link, and the live counter.
 */
@AppTest
class SignupJourneyBrowserTest extends ApiTest {

    @Test
    void aVisitorSignsUpFollowsTheMailedLinkAndSeesTheCounterGoUp() throws Exception {
        String email = newEmail();
        BrowserJourney.run("signup-journey.mjs", List.of(baseUrl(), email), question -> {
            if (question.equals("LINK?")) {
                String token = TestMail.token(TestMail.awaitMail(email));
                return baseUrl() + "/inscription/confirmer#token=" + token;
            }
            throw new AssertionError("unexpected question " + question);
        });
    }

    /** The shared app: its public address is its own (links in mails come back here). */
    private String baseUrl() {
        return publicUrl();
    }
}
