package org.cortege.events;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** Publishing an action, finding it on the map, coming, downloading it, and its cancellation, in a real browser. */
@MicronautTest(transactional = false)
class EventJourneyBrowserTest extends ApiTest {

    @Test
    void aManagerPublishesASupporterFindsItOnTheMapComesAndIsToldOfTheCancellation() throws Exception {
        String manager = confirmedSupporter(newEmail());
        String group = createGroup(manager, unique("Groupe de la Canebière"), "13001");
        String slug = (String) api.get("/api/groups/" + group).get("slug");
        String supporterEmail = newEmail();
        String supporter = confirmedSupporter(supporterEmail);
        int before = TestMail.mailsTo(supporterEmail).size();
        String base = "http://localhost:" + embeddedPort();
        String day = EventControllerTest.nextSaturday(2).toString();
        BrowserJourney.run("event-journey.mjs", List.of(base, manager, slug, supporter, unique("Tractage sur la Canebière"), day),
                question -> {
                    if (question.equals("CANCELLATION_CAUGHT?")) {
                        return TestMail.awaitMails(supporterEmail, before + 2).stream() // "vous venez", then the cancellation
                                .anyMatch(m -> TestMail.subject(m).startsWith("Annulation")) ? "yes" : "no";
                    }
                    throw new AssertionError("unexpected question " + question);
                });
    }
}
