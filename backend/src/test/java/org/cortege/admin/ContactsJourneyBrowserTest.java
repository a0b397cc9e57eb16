package org.cortege.admin;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** An admin narrows the contacts down with the segment builder, saves the segment, tags its people and mails them, in a real browser. */
@AppTest
class ContactsJourneyBrowserTest extends ApiTest {

    @Test
    void anAdminBuildsASegmentWatchesTheCountTagsItsPeopleAndSendsThemAMailing() throws Exception {
        String admin = freshAdmin();
        String run = "Journey" + UUID.randomUUID().toString().substring(0, 6).replace("-", "x");
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Paris"));
        Instant now = Instant.now();
        String ines = insertContact("Inès", "Young " + run, today.minusYears(22), "13001", "13201", "Marseille 1er", "13", 43.2999, 5.3841,
                "CONFIRMED", "signup", now.minus(3, ChronoUnit.DAYS), now, true);
        insertContact("Paul", "Middle " + run, today.minusYears(45), "13001", "13201", "Marseille 1er", "13", 43.2999, 5.3841,
                "CONFIRMED", "signup", now.minus(3, ChronoUnit.DAYS), now, true);
        insertContact("Rose", "Elder " + run, today.minusYears(70), "69001", "69381", "Lyon 1er", "69", 45.7676, 4.8344,
                "CONTACT", "import:test.csv", now.minus(3, ChronoUnit.DAYS), null, true);
        String base = "http://localhost:" + embeddedPort();
        String inesEmail = string("SELECT email FROM person WHERE public_id = ?", ines);
        BrowserJourney.run("contacts-journey.mjs", List.of(base, admin, run), question -> {
            if (question.equals("CAMPAIGN_CAUGHT?")) {
                return TestMail.awaitMails(inesEmail, 1).stream()
                        .anyMatch(m -> TestMail.subject(m).equals("Tractage samedi " + run)) ? "yes" : "no";
            }
            throw new AssertionError("unexpected question " + question);
        });
    }
}
