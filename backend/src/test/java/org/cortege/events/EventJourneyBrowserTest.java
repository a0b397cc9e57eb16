package org.cortege.events;

import java.util.List;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** Publishing an action, finding it on the map, coming, downloading it, and its cancellation, in a real browser. */
@AppTest
class EventJourneyBrowserTest extends ApiTest {

    /** The organizer finds the exact place by its address: the operator's geocoder is a local fake speaking addok's protocol. */
    @Override
    protected java.util.Map<String, String> extraProperties() {
        return java.util.Map.of("cortege.geocoder.url", "http://127.0.0.1:" + org.cortege.support.FakeGeocoders.port() + "/addok");
    }

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
        // a weekly action of the same group, eight Tuesdays: its page and the group's list read it as one thing
        java.time.LocalDate tuesday = java.time.LocalDate.now().plusDays(3).with(java.time.temporal.TemporalAdjusters.next(java.time.DayOfWeek.TUESDAY));
        java.util.Map<String, Object> weekly = EventControllerTest.eventBody(unique("Permanence du mardi"), tuesday + "T18:30", tuesday + "T20:00");
        weekly.put("recurrence", "FREQ=WEEKLY;BYDAY=TU;COUNT=8");
        weekly.put("description", "Chaque mardi, on se retrouve **au local** pour préparer les actions de la semaine.");
        Api.Response created = api.post("/api/groups/" + group + "/events", weekly, "Cookie", manager);
        if (created.status() != 201) {
            throw new AssertionError(created.body());
        }
        BrowserJourney.run("event-journey.mjs", List.of(base, manager, slug, supporter, unique("Tractage sur la Canebière"), day,
                        (String) created.get("slug"), (String) weekly.get("title")),
                question -> {
                    if (question.equals("CANCELLATION_CAUGHT?")) {
                        return TestMail.awaitMails(supporterEmail, before + 2).stream() // "vous venez", then the cancellation
                                .anyMatch(m -> TestMail.subject(m).startsWith("Annulation")) ? "yes" : "no";
                    }
                    throw new AssertionError("unexpected question " + question);
                });
    }
}
