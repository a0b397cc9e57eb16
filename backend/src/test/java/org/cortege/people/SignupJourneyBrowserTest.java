package org.cortege.people;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import java.util.Map;
import org.cortege.support.ApiTest;
import org.cortege.support.FreePort;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * The sign-up journey in a real browser against the built app served by the backend: the form,
 * its errors, the mail caught by GreenMail, its link, and the live counter.
 */
@MicronautTest(transactional = false)
class SignupJourneyBrowserTest extends ApiTest {

    private static final int PORT = FreePort.next();

    @Override
    protected Map<String, String> extraProperties() {
        // The mailed link must point at this very server, so its port is chosen up front.
        return Map.of("micronaut.server.port", Integer.toString(PORT), "cortege.public-url", baseUrl());
    }

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

    private static String baseUrl() {
        return "http://localhost:" + PORT;
    }
}
