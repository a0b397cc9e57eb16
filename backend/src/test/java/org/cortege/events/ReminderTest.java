package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** The reminder before a date goes once to each person who comes, even when two nodes look at the same moment. */
@AppTest
class ReminderTest extends ApiTest {

    @Inject
    Reminders reminders;

    @Test
    void twoNodesSendingRemindersAtOnceSendEachOnce() throws Exception {
        String manager = confirmedSupporter(newEmail());
        String group = createGroup(manager, unique("Groupe du rappel"), "31000");
        LocalDateTime soon = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusHours(5).withMinute(0);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        String title = unique("Tractage demain");
        Map<String, Object> body = EventControllerTest.eventBody(title, soon.format(f), soon.plusHours(2).format(f));
        body.put("postalCode", "31000");
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String occurrence = (String) EventControllerTest.list(api.get("/api/events/" + created.get("slug")).get("occurrences")).get(0).get("id");
        String email = newEmail();
        String supporter = confirmedSupporter(email);
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", supporter).status());

        // two "nodes" (threads with their own transactions) run the job at the same instant
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant now = Instant.now();
        List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(() -> reminders.sendDue(now), () -> reminders.sendDue(now)));
        for (Future<Integer> r : runs) {
            r.get();
        }
        pool.shutdown();
        assertEquals(1, count("SELECT COUNT(*) FROM event_occurrence WHERE public_id = ? AND reminder_sent_at IS NOT NULL", occurrence));
        // the reminder itself (the RSVP's confirmation, sent first as urgent mail, is not it)
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (reminders(email).isEmpty() && System.nanoTime() < deadline) {
            TestMail.sleep(100);
        }
        TestMail.sleep(1500); // a second reminder would have arrived by now
        List<jakarta.mail.internet.MimeMessage> sent = reminders(email);
        assertEquals(1, sent.size(), "one reminder");
        assertTrue(TestMail.textPart(sent.get(0)).contains(title));
    }

    private static List<jakarta.mail.internet.MimeMessage> reminders(String email) {
        return TestMail.mailsTo(email).stream().filter(m -> TestMail.subject(m).startsWith("Rappel")).toList();
    }
}
