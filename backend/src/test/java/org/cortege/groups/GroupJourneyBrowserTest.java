package org.cortege.groups;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.BrowserJourney;
import org.junit.jupiter.api.Test;

/** Founding, finding and joining a group in a real browser, against the built app and MariaDB. */
@MicronautTest(transactional = false)
class GroupJourneyBrowserTest extends ApiTest {

    @Test
    void aSupporterFoundsAGroupAnotherJoinsAndTheFounderSeesTheirContact() throws Exception {
        String founder = confirmedSupporter(newEmail());
        String memberEmail = newEmail();
        String member = confirmedSupporter(memberEmail);
        String base = "http://localhost:" + embeddedPort();
        BrowserJourney.run("group-journey.mjs", List.of(base, founder, member, memberEmail, unique("Groupe du Vieux-Port")),
                question -> {
                    throw new AssertionError("unexpected question " + question);
                });
    }
}
