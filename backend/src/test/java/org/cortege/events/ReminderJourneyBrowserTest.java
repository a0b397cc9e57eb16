package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.BrowserJourney;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * The reminder's and follow-up's links of real mails, followed in a browser without a session
 * (frontend/e2e/reminder-journey.mjs): one confirms, another frees their place, the first says they came.
 */
@AppTest
class ReminderJourneyBrowserTest extends ApiTest {

    @Inject
    Reminders reminders;

    @Test
    void theRemindersAndTheFollowUpsLinksWorkWithoutSigningIn() throws Exception {
        String manager = confirmedSupporter(newEmail());
        String group = createGroup(manager, unique("Groupe du marché"), "31000");
        LocalDateTime start = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusHours(6).withMinute(0).withSecond(0).withNano(0);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        Map<String, Object> body = EventControllerTest.eventBody(unique("Tractage au marché"), start.format(f), start.plusHours(2).format(f));
        body.put("postalCode", "31000");
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String occurrence = (String) EventControllerTest.list(api.get("/api/events/" + created.get("slug")).get("occurrences")).get(0).get("id");
        String comes = newEmail();
        String cancels = newEmail();
        for (String email : List.of(comes, cancels)) {
            assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", confirmedSupporter(email)).status());
        }
        reminders.sendDue(Instant.now());

        BrowserJourney.run("reminder-journey.mjs", List.of(publicUrl(), manager, (String) created.get("slug")), question -> switch (question) {
            case "CONFIRM?" -> link(mail(comes, "Rappel"), "rappel", "oui");
            case "CANCEL?" -> link(mail(cancels, "Rappel"), "rappel", "non");
            case "FOLLOWUP?" -> {
                update("UPDATE event_occurrence SET starts_at = NOW(6) - INTERVAL 5 HOUR, ends_at = NOW(6) - INTERVAL 3 HOUR WHERE public_id = ?",
                        occurrence);
                reminders.sendDueFollowups(Instant.now());
                yield link(mail(comes, "Vous étiez à"), "bilan", "oui");
            }
            default -> throw new AssertionError("unexpected question " + question);
        });
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ? "
                + "AND r.reconfirmed_at IS NOT NULL AND r.came_said", comes));
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ? AND r.status = 'CANCELLED'",
                cancels));
    }

    private static MimeMessage mail(String email, String subjectStart) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : TestMail.mailsTo(email)) {
                if (TestMail.subject(m).startsWith(subjectStart)) {
                    return m;
                }
            }
            TestMail.sleep(100);
        }
        throw new AssertionError("no mail \"" + subjectStart + "…\" to " + email);
    }

    private static String link(MimeMessage mail, String page, String word) {
        Matcher m = Pattern.compile("https?://\\S+/participation/" + page + "#[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\." + word).matcher(TestMail.textPart(mail));
        assertTrue(m.find(), TestMail.textPart(mail));
        return m.group();
    }
}
