package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * From "I'll come" to "I came", against a real database and GreenMail: the day-before reminder's signed
 * links (confirm, or free the place and tell the organizers) work without a session; the last reminder
 * goes to those who confirmed; after the date, "I was there" by link or on the action's page; forged or
 * borrowed signatures and late or early clicks are refused with a sentence; each mail goes once with two
 * nodes at work.
 */
@AppTest
class RsvpReplyTest extends ApiTest {

    private static final Pattern LINK = Pattern.compile("/participation/(rappel|bilan)#([A-Za-z0-9_-]{1,24})\\.([A-Za-z0-9_-]{20,100})\\.(oui|non)");
    private static final DateTimeFormatter F = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");

    @Inject
    Reminders reminders;

    private record Date(String manager, String managerEmail, String slug, String occurrence, String title, String group) {
    }

    private record Link(String page, String id, String signature, String word) {
    }

    @Test
    void theRemindersLinksConfirmOrFreeThePlaceWithoutSigningIn() throws Exception {
        Date date = aDateIn(5, 1);
        String email = newEmail();
        String supporter = confirmedSupporter(email);
        assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", supporter).status());
        reminders.sendDue(Instant.now());
        MimeMessage reminder = awaitMail(email, "Rappel");
        String text = TestMail.textPart(reminder);
        assertTrue(text.contains("Je confirme ma venue") && text.contains("Je ne peux plus venir"), text);
        List<Link> links = links(text);
        Link yes = links.stream().filter(l -> l.word().equals("oui")).findFirst().orElseThrow();
        Link no = links.stream().filter(l -> l.word().equals("non")).findFirst().orElseThrow();
        assertEquals("rappel", yes.page());

        // Confirmed with one click from the mail, no session: the organizer's list says so.
        Api.Response confirmed = api.post("/api/rsvp/reply", Map.of("id", yes.id(), "signature", yes.signature(), "coming", true));
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals(true, confirmed.get("reconfirmed"));
        assertEquals(200, api.post("/api/rsvp/reply", Map.of("id", yes.id(), "signature", yes.signature(), "coming", true)).status(),
                "a second click changes nothing");
        Api.Response list = api.get("/api/occurrences/" + date.occurrence() + "/participants", "Cookie", date.manager());
        assertEquals(200, list.status(), list.body());
        List<Map<String, Object>> participants = EventControllerTest.list(json.readValue(list.body(), io.micronaut.core.type.Argument.listOf(Map.class)));
        assertEquals(true, participants.get(0).get("reconfirmed"));
        assertEquals(false, participants.get(0).get("firstTime"), "not before they came");

        // The action is full (one place): the cancel link frees it, and the managers are told, once.
        String other = confirmedSupporter(newEmail());
        assertEquals(409, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", other).status(), "full");
        Api.Response cancelled = api.post("/api/rsvp/reply", Map.of("id", no.id(), "signature", no.signature(), "coming", false));
        assertEquals(200, cancelled.status(), cancelled.body());
        assertEquals("CANCELLED", cancelled.get("status"));
        assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", other).status(), "the place is free");
        MimeMessage notice = awaitMail(date.managerEmail(), "Zoé ne viendra pas");
        assertTrue(TestMail.textPart(notice).contains(date.title()), TestMail.textPart(notice));
        assertEquals(200, api.post("/api/rsvp/reply", Map.of("id", no.id(), "signature", no.signature(), "coming", false)).status());
        TestMail.sleep(1000);
        assertEquals(1, mails(date.managerEmail(), "Zoé ne viendra pas").size(), "told once");

        // Confirming an answer taken back: a sentence, not a silent yes.
        Api.Response late = api.post("/api/rsvp/reply", Map.of("id", yes.id(), "signature", yes.signature(), "coming", true),
                "Accept-Language", "fr");
        assertEquals(409, late.status(), late.body());
        assertTrue(late.body().contains("Vous aviez annulé votre venue"), late.body());
    }

    @Test
    void forgedOrBorrowedSignaturesAreRefused() throws Exception {
        Date date = aDateIn(5, null);
        String email = newEmail();
        String supporter = confirmedSupporter(email);
        assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", supporter).status());
        String otherEmail = newEmail();
        assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", confirmedSupporter(otherEmail))
                .status());
        reminders.sendDue(Instant.now());
        Link mine = links(TestMail.textPart(awaitMail(email, "Rappel"))).get(0);
        Link theirs = links(TestMail.textPart(awaitMail(otherEmail, "Rappel"))).get(0);
        // someone else's answer with my signature, a signature of another purpose (the visitor's link), nonsense
        assertEquals(403, api.post("/api/rsvp/reply", Map.of("id", theirs.id(), "signature", mine.signature(), "coming", false)).status());
        assertEquals(403, api.post("/api/rsvp/came", Map.of("id", theirs.id(), "signature", mine.signature(), "came", true)).status());
        assertEquals(403, api.post("/api/rsvp/reply/view", Map.of("id", mine.id(), "signature", "x".repeat(43))).status());
        Api.Response missing = api.post("/api/rsvp/reply", Map.of("id", mine.id(), "signature", mine.signature()), "Accept-Language", "fr");
        assertEquals(400, missing.status(), missing.body());
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ? AND r.status = 'CONFIRMED'",
                otherEmail), "their answer stands");
        // Too early to say one came.
        Api.Response early = api.post("/api/rsvp/came", Map.of("id", mine.id(), "signature", mine.signature(), "came", true), "Accept-Language", "fr");
        assertEquals(409, early.status(), early.body());
    }

    @Test
    void theLastReminderGoesToThoseWhoConfirmedAndTheFollowUpAsksWhoCameEachOnceWithTwoNodes() throws Exception {
        Date date = aDateIn(2, null);
        String confirming = newEmail();
        String silent = newEmail();
        String confirmingCookie = confirmedSupporter(confirming);
        String silentCookie = confirmedSupporter(silent);
        for (String who : List.of(confirmingCookie, silentCookie)) {
            assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", who).status());
        }
        reminders.sendDue(Instant.now());
        Link yes = links(TestMail.textPart(awaitMail(confirming, "Rappel"))).stream().filter(l -> l.word().equals("oui")).findFirst().orElseThrow();
        assertEquals(200, api.post("/api/rsvp/reply", Map.of("id", yes.id(), "signature", yes.signature(), "coming", true)).status());

        twoNodes(reminders::sendDueLast);
        awaitMail(confirming, "Tout à l’heure");
        TestMail.sleep(1500);
        assertEquals(1, mails(confirming, "Tout à l’heure").size(), "one last reminder");
        assertEquals(0, mails(silent, "Tout à l’heure").size(), "only for those who confirmed");

        // The date took place (moved into the past here); the follow-up asks, once, each one who said they come.
        update("UPDATE event_occurrence SET starts_at = NOW(6) - INTERVAL 5 HOUR, ends_at = NOW(6) - INTERVAL 3 HOUR WHERE public_id = ?",
                date.occurrence());
        twoNodes(reminders::sendDueFollowups);
        MimeMessage followup = awaitMail(silent, "Vous étiez à");
        TestMail.sleep(1500);
        assertEquals(1, mails(silent, "Vous étiez à").size(), "one follow-up");
        Link came = links(TestMail.textPart(followup)).stream().filter(l -> l.word().equals("oui")).findFirst().orElseThrow();
        assertEquals("bilan", came.page());
        // The group's next action, for the thank-you mail.
        LocalDateTime next = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusDays(9).withHour(18).withMinute(0);
        String nextTitle = unique("Réunion de rentrée");
        assertEquals(201, api.post("/api/groups/" + date.group() + "/events", EventControllerTest.eventBody(nextTitle, next.format(F),
                next.plusHours(2).format(F)), "Cookie", date.manager()).status());
        Api.Response said = api.post("/api/rsvp/came", Map.of("id", came.id(), "signature", came.signature(), "came", true));
        assertEquals(200, said.status(), said.body());
        assertEquals(true, said.get("cameSaid"));
        String thanks = TestMail.textPart(awaitMail(silent, "Merci d’être venu·e"));
        assertTrue(thanks.contains(nextTitle) && thanks.contains("/actions/"), "the group's next actions: " + thanks);
        assertEquals(200, api.post("/api/rsvp/came", Map.of("id", came.id(), "signature", came.signature(), "came", false)).status());
        assertEquals(200, api.post("/api/rsvp/came", Map.of("id", came.id(), "signature", came.signature(), "came", true)).status());
        TestMail.sleep(1500);
        assertEquals(1, mails(silent, "Merci d’être venu·e").size(), "thanked once, whatever the changes of mind");
        // The other says it on the action's page, signed in; then changes their mind (the last word holds).
        assertEquals(204, api.post("/api/occurrences/" + date.occurrence() + "/came", Map.of("came", true), "Cookie", confirmingCookie).status());
        assertEquals(204, api.post("/api/occurrences/" + date.occurrence() + "/came", Map.of("came", false), "Cookie", confirmingCookie).status());
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ? AND r.came_said = FALSE",
                confirming));
        assertEquals(404, api.post("/api/occurrences/" + date.occurrence() + "/came", Map.of("came", true), "Cookie",
                confirmedSupporter(newEmail())).status(), "one who had not said they come");
        // The managers' figures for the date: two answered (one confirmed the day before), one said they came (a first time for
        // them), the other said they could not (no-show); nobody took their answer back.
        Api.Response figures = api.get("/api/occurrences/" + date.occurrence() + "/attendance", "Cookie", date.manager());
        assertEquals(200, figures.status(), figures.body());
        assertEquals(Map.of("answered", 2, "reconfirmed", 1, "cancelled", 0, "came", 1, "noShow", 1, "firstTime", 1, "started", true),
                figures.map());
        assertEquals(403, api.get("/api/occurrences/" + date.occurrence() + "/attendance", "Cookie", confirmingCookie).status(),
                "a participant sees no figures");
        assertEquals(401, api.post("/api/occurrences/" + date.occurrence() + "/came", Map.of("came", true)).status());
        // Too late to cancel from the reminder now.
        Link no = links(TestMail.textPart(awaitMail(confirming, "Rappel"))).stream().filter(l -> l.word().equals("non")).findFirst().orElseThrow();
        assertEquals(409, api.post("/api/rsvp/reply", Map.of("id", no.id(), "signature", no.signature(), "coming", false)).status());
    }

    @Test
    void anErasedParticipantHoldsNoReminderBackAndTwoCancelClicksTellTheManagersOnce() throws Exception {
        Date date = aDateIn(4, null);
        String erasedCookie = confirmedSupporter(newEmail());
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        for (String who : List.of(erasedCookie, cookie)) {
            assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", who).status());
        }
        // One participant erases their account: their answer stays counted, anonymous, with nobody to write to.
        assertEquals(204, api.delete("/api/me", "Cookie", erasedCookie).status());
        assertEquals(1, count("SELECT COUNT(*) FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id WHERE o.public_id = ? "
                + "AND r.person_id IS NULL AND r.guest_email IS NULL AND r.status = 'CONFIRMED'", date.occurrence()));
        reminders.sendDue(Instant.now());
        Link no = links(TestMail.textPart(awaitMail(email, "Rappel"))).stream().filter(l -> l.word().equals("non")).findFirst().orElseThrow();
        assertEquals(1, count("SELECT COUNT(*) FROM event_occurrence WHERE public_id = ? AND reminder_sent_at IS NOT NULL", date.occurrence()));

        // The same "free my place" clicked twice at once (a double tap, two devices).
        ExecutorService pool = Executors.newFixedThreadPool(2);
        List<Future<Integer>> clicks = pool.invokeAll(List.<Callable<Integer>>of(
                () -> api.post("/api/rsvp/reply", Map.of("id", no.id(), "signature", no.signature(), "coming", false)).status(),
                () -> api.post("/api/rsvp/reply", Map.of("id", no.id(), "signature", no.signature(), "coming", false)).status()));
        for (Future<Integer> c : clicks) {
            assertEquals(200, c.get());
        }
        pool.shutdown();
        awaitMail(date.managerEmail(), "Zoé ne viendra pas");
        TestMail.sleep(1500);
        assertEquals(1, mails(date.managerEmail(), "Zoé ne viendra pas").size(), "told once");
    }

    @Test
    void aDateMovedForgetsTheConfirmationsGivenForItsFormerTime() throws Exception {
        Date date = aDateIn(5, null);
        String email = newEmail();
        assertEquals(201, api.post("/api/occurrences/" + date.occurrence() + "/rsvp", Map.of(), "Cookie", confirmedSupporter(email)).status());
        reminders.sendDue(Instant.now());
        Link yes = links(TestMail.textPart(awaitMail(email, "Rappel"))).stream().filter(l -> l.word().equals("oui")).findFirst().orElseThrow();
        assertEquals(true, api.post("/api/rsvp/reply", Map.of("id", yes.id(), "signature", yes.signature(), "coming", true)).get("reconfirmed"));
        LocalDateTime later = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusHours(9).withMinute(0).withSecond(0).withNano(0);
        Api.Response moved = api.patch("/api/occurrences/" + date.occurrence(), Map.of("start", later.format(F), "end", later.plusHours(1).format(F)),
                "Cookie", date.manager());
        assertEquals(204, moved.status(), moved.body());
        assertEquals(false, api.post("/api/rsvp/reply/view", Map.of("id", yes.id(), "signature", yes.signature())).get("reconfirmed"),
                "a confirmation of the former time does not hold for the new one");
    }

    @Test
    void theManagersTellWhatHappenedAndEveryoneReadsItSanitized() throws Exception {
        Date date = aDateIn(3, null);
        String report = "Belle matinée : **40 tracts** distribués. <script>alert(1)</script><img src=x onerror=alert(2)>";
        Api.Response early = api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", report), "Cookie", date.manager(),
                "Accept-Language", "fr");
        assertEquals(409, early.status(), "not before the date begins: " + early.body());
        update("UPDATE event_occurrence SET starts_at = NOW(6) - INTERVAL 5 HOUR, ends_at = NOW(6) - INTERVAL 3 HOUR WHERE public_id = ?",
                date.occurrence());
        // Neither a participant, a manager of another group, nor a visitor may write it; too long is a sentence.
        String participant = confirmedSupporter(newEmail());
        assertEquals(403, api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", "Faux"), "Cookie", participant).status());
        assertEquals(403, api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", "Faux"), "Cookie", aDateIn(3, null).manager())
                .status());
        assertEquals(401, api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", "Faux")).status());
        Api.Response tooLong = api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", "x".repeat(5001)), "Cookie",
                date.manager(), "Accept-Language", "fr");
        assertEquals(400, tooLong.status(), tooLong.body());
        assertTrue(tooLong.body().replaceAll("[\u00a0\u202f ]", "").contains("Entre0et5000caractères"), tooLong.body());

        assertEquals(204, api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", report), "Cookie", date.manager()).status());
        Map<String, Object> seen = EventControllerTest.list(api.get("/api/events/" + date.slug()).get("occurrences")).get(0);
        String html = (String) seen.get("reportHtml");
        assertTrue(html.contains("<strong>40 tracts</strong>"), html);
        assertFalse(html.contains("<script") || html.contains("<img"), "markup typed in the report is shown as text, never run: " + html);
        assertEquals(null, seen.get("reportMarkdown"), "the source is for those who edit it");
        Map<String, Object> managers = EventControllerTest.list(api.get("/api/events/" + date.slug(), "Cookie", date.manager()).get("occurrences")).get(0);
        assertEquals(report, managers.get("reportMarkdown"));
        // Emptied, it goes.
        assertEquals(204, api.put("/api/occurrences/" + date.occurrence() + "/report", Map.of("text", " "), "Cookie", date.manager()).status());
        assertEquals(null, EventControllerTest.list(api.get("/api/events/" + date.slug()).get("occurrences")).get(0).get("reportHtml"));
    }

    /** A date starting in {@code hours} hours, of a group whose founder is the manager; {@code capacity} places or unlimited. */
    private Date aDateIn(int hours, Integer capacity) {
        String managerEmail = newEmail();
        String manager = confirmedSupporter(managerEmail);
        String group = createGroup(manager, unique("Groupe des rappels"), "31000");
        LocalDateTime start = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusHours(hours).withMinute(0).withSecond(0).withNano(0);
        String title = unique("Tractage au marché");
        Map<String, Object> body = EventControllerTest.eventBody(title, start.format(F), start.plusHours(2).format(F));
        body.put("postalCode", "31000");
        if (capacity != null) {
            body.put("capacity", capacity);
        }
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.get("slug");
        String occurrence = (String) EventControllerTest.list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("id");
        return new Date(manager, managerEmail, slug, occurrence, title, group);
    }

    private void twoNodes(java.util.function.Function<Instant, Integer> job) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Instant now = Instant.now();
        List<Future<Integer>> runs = pool.invokeAll(List.<Callable<Integer>>of(() -> job.apply(now), () -> job.apply(now)));
        for (Future<Integer> r : runs) {
            r.get();
        }
        pool.shutdown();
    }

    private static List<Link> links(String text) {
        Matcher m = LINK.matcher(text);
        List<Link> out = new java.util.ArrayList<>();
        while (m.find()) {
            out.add(new Link(m.group(1), m.group(2), m.group(3), m.group(4)));
        }
        assertFalse(out.isEmpty(), "signed links in the mail: " + text);
        return out;
    }

    private static List<MimeMessage> mails(String email, String subjectStart) {
        return TestMail.mailsTo(email).stream().filter(m -> TestMail.subject(m).startsWith(subjectStart)).toList();
    }

    private static MimeMessage awaitMail(String email, String subjectStart) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            List<MimeMessage> found = mails(email, subjectStart);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            TestMail.sleep(100);
        }
        throw new AssertionError("no mail \"" + subjectStart + "…\" to " + email);
    }
}
