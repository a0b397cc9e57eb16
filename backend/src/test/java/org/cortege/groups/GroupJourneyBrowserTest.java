package org.cortege.groups;

import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** Founding, finding, joining, writing to, reporting and hiding a group in a real browser, against the built app and MariaDB. */
@AppTest
class GroupJourneyBrowserTest extends ApiTest {

    @Test
    void aSupporterFoundsAGroupAnotherJoinsAndReportsItAndAnAdminHidesIt() throws Exception {
        String founder = confirmedSupporter(newEmail());
        String memberEmail = newEmail();
        String member = confirmedSupporter(memberEmail);
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
        String admin = confirmedSupporter("admin@cortege.test");
        String base = "http://localhost:" + embeddedPort();
        BrowserJourney.run("group-journey.mjs", List.of(base, founder, member, memberEmail, unique("Groupe du Vieux-Port"), admin),
                question -> {
                    if (question.equals("MESSAGE_CAUGHT?")) {
                        return TestMail.awaitMails(memberEmail, 2).stream()
                                .anyMatch(m -> TestMail.subject(m).endsWith("] Rendez-vous samedi")) ? "yes" : "no";
                    }
                    throw new AssertionError("unexpected question " + question);
                });
    }
}
