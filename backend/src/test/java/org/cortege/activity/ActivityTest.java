package org.cortege.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.time.Instant;
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
 * The feed, the bell and the choices of how to hear of each kind of news: who hears of what (and who does not),
 * choices refused with a sentence, a muted group, the one-click stop link of a mail, and the daily digest sent
 * once when two nodes run it at the same instant.
 */
@AppTest
class ActivityTest extends ApiTest {

    private static final Pattern STOP = Pattern.compile("/notifications/arreter#m=([A-Za-z0-9_-]+)&k=([a-z-]+)&t=([A-Za-z0-9_-]+)");

    @Inject
    Digests digests;

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> feed(String cookie) {
        Api.Response r = api.get("/api/me/activity", "Cookie", cookie);
        assertEquals(200, r.status(), r.body());
        return (List<Map<String, Object>>) r.get("items");
    }

    private long unread(String cookie) {
        return ((Number) api.get("/api/me/activity/unread", "Cookie", cookie).get("unread")).longValue();
    }

    private static List<String> kinds(List<Map<String, Object>> feed) {
        return feed.stream().map(e -> (String) e.get("kind")).toList();
    }

    private void join(GroupRef g, String cookie) {
        assertEquals(201, api.post("/api/groups/" + g.id() + "/membership", Map.of("shareContact", false), "Cookie", cookie).status());
    }

    private void message(GroupRef g, String subject) {
        assertEquals(202, api.post("/api/groups/" + g.id() + "/messages", Map.of("subject", subject, "body", "À samedi !"),
                "Cookie", g.manager()).status());
    }

    @Test
    void eachHearsOfWhatConcernsThemAndOnlyThat() {
        GroupRef g = aGroup();
        String managerFirst = (String) api.get("/api/me", "Cookie", g.manager()).get("firstName");
        SignedIn member = aConfirmedSupporter();
        String memberFirst = (String) api.get("/api/me", "Cookie", member.cookie()).get("firstName");
        SignedIn outsider = aConfirmedSupporter();
        join(g, member.cookie());

        // the manager hears that someone joined, by first name; the one who joined does not hear of themself
        List<Map<String, Object>> managerFeed = feed(g.manager());
        assertEquals("member-joined", managerFeed.get(0).get("kind"));
        assertEquals(memberFirst, managerFeed.get(0).get("actor"));
        assertEquals("/groupes/" + g.slug(), managerFeed.get(0).get("link"));
        assertFalse(kinds(feed(member.cookie())).contains("member-joined"));

        // a new action reaches the members, not its author; an answer reaches the managers
        ActionRef action = anActionOf(g);
        Map<String, Object> news = feed(member.cookie()).get(0);
        assertEquals("group-action", news.get("kind"));
        assertEquals(action.title(), news.get("subject"));
        assertEquals("/actions/" + action.slug(), news.get("link"));
        assertNotNull(news.get("startsAt"));
        assertFalse(kinds(feed(g.manager())).contains("group-action"));
        assertEquals(201, api.post("/api/occurrences/" + action.firstDate() + "/rsvp", Map.of(), "Cookie", member.cookie()).status());
        assertEquals("action-answered", feed(g.manager()).get(0).get("kind"));
        assertEquals(memberFirst, feed(g.manager()).get(0).get("actor"));

        // a message: in the member's feed, and by mail at once (the default for messages)
        String subject = unique("Réunion");
        message(g, subject);
        assertEquals(subject, feed(member.cookie()).get(0).get("subject"));
        assertEquals(managerFirst, feed(member.cookie()).get(0).get("actor"));
        MimeMessage mail = awaitSubject(member.email(), subject);
        assertTrue(STOP.matcher(TestMail.textPart(mail)).find(), "a stop link in the footer");

        // a change of the date reaches who comes
        assertEquals(200, api.patch("/api/events/" + action.slug(), Map.of("title", action.title() + " (déplacé)"), "Cookie", g.manager())
                .status());
        assertTrue(kinds(feed(member.cookie())).contains("action-changed"), kinds(feed(member.cookie())).toString());

        // someone outside hears of nothing; the bell counts, reading clears it
        assertEquals(List.of(), feed(outsider.cookie()));
        assertEquals(0, unread(outsider.cookie()));
        long before = unread(member.cookie());
        assertTrue(before >= 3, "action, message, change: " + before);
        Api.Response read = api.post("/api/me/activity/read", Map.of(), "Cookie", member.cookie());
        assertEquals(200, read.status(), read.body());
        assertEquals(0, ((Number) read.get("unread")).intValue());
        assertTrue(feed(member.cookie()).stream().allMatch(e -> Boolean.TRUE.equals(e.get("read"))));

        // a visitor has no feed; a page of one entry links to the next
        assertEquals(401, api.get("/api/me/activity").status());
        assertEquals(401, api.get("/api/me/notifications").status());
        Api.Response page = api.get("/api/me/activity?size=1", "Cookie", member.cookie());
        assertEquals(1, ((List<?>) page.get("items")).size());
        Number next = (Number) page.get("next");
        assertNotNull(next);
        Api.Response second = api.get("/api/me/activity?size=1&before=" + next, "Cookie", member.cookie());
        assertFalse(((List<?>) second.get("items")).isEmpty());
    }

    @Test
    void reportsAndHidingReachTheManagersWithoutTheReporter() {
        GroupRef g = aGroup();
        SignedIn reporter = aConfirmedSupporter();
        String reporterFirst = (String) api.get("/api/me", "Cookie", reporter.cookie()).get("firstName");
        assertEquals(202, api.post("/api/reports", Map.of("targetType", "group", "targetId", g.id(), "reason", "hate",
                "text", "Propos haineux"), "Cookie", reporter.cookie()).status());
        Map<String, Object> reported = feed(g.manager()).get(0);
        assertEquals("group-reported", reported.get("kind"));
        assertEquals(null, reported.get("actor"), "who reported is never said");
        assertFalse(reported.toString().contains(reporterFirst));
        String admin = freshAdmin();
        assertEquals(204, api.post("/api/admin/groups/" + g.id() + "/hide", Map.of("reason", "Haine"), "Cookie", admin).status());
        assertEquals("group-hidden", feed(g.manager()).get(0).get("kind"));
        String managerEmail = string("SELECT p.email FROM person p JOIN group_membership m ON m.person_id = p.id "
                + "JOIN support_group s ON s.id = m.group_id WHERE s.public_id = ?", g.id());
        assertNotNull(awaitSubject(managerEmail, "masqué"), "hiding is mailed at once (it cannot be turned off)");
    }

    @Test
    void badChoicesAreRefusedWithASentence() {
        SignedIn s = aConfirmedSupporter();
        Api.Response unknown = api.put("/api/me/notifications/everything", Map.of("mail", "off"), "Cookie", s.cookie(), "Accept-Language", "fr");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("n’existe pas"), unknown.body());
        Api.Response bad = api.put("/api/me/notifications/group-action", Map.of("mail", "hourly"), "Cookie", s.cookie());
        assertEquals(400, bad.status());
        assertTrue(bad.fieldError("mail").isPresent(), bad.body());
        Api.Response missing = api.put("/api/me/notifications/group-action", Map.of(), "Cookie", s.cookie());
        assertEquals(400, missing.status(), missing.body());
        Api.Response mandatory = api.put("/api/me/notifications/action-cancelled", Map.of("mail", "off"), "Cookie", s.cookie());
        assertEquals(400, mandatory.status());
        assertTrue(mandatory.fieldError("mail").orElseThrow().contains("ne peuvent pas être coupés"), mandatory.body());
        for (String q : List.of("size=abc", "size=-3", "before=0", "before=1e9")) {
            Api.Response r = api.get("/api/me/activity?" + q, "Cookie", s.cookie());
            assertEquals(400, r.status(), q + ": " + r.body());
        }
        assertEquals(400, api.post("/api/me/activity/read", Map.of("upTo", -1), "Cookie", s.cookie()).status());
        GroupRef other = aGroup();
        Api.Response notMine = api.put("/api/me/notifications/muted/" + other.id(), Map.of(), "Cookie", s.cookie());
        assertEquals(409, notMine.status(), "muting a group one is not in: " + notMine.body());
        assertEquals(404, api.put("/api/me/notifications/muted/nope-nope", Map.of(), "Cookie", s.cookie()).status());
        // nothing was stored by the refusals
        assertEquals(0, count("SELECT COUNT(*) FROM notification_pref p JOIN person x ON x.id = p.person_id WHERE x.public_id = ?", s.publicId()));
        // another site cannot change someone's choices with their cookie
        assertEquals(403, api.put("/api/me/notifications/group-action", Map.of("mail", "off"), "Cookie", s.cookie(),
                "Origin", "https://evil.example").status());
    }

    @Test
    void aMutedGroupOrAStopLinkStopsItsMailsButNotTheFeed() {
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        join(g, member.cookie());
        Api.Response muted = api.put("/api/me/notifications/muted/" + g.id(), Map.of(), "Cookie", member.cookie());
        assertEquals(200, muted.status(), muted.body());
        String quiet = unique("En sourdine");
        message(g, quiet);
        assertEquals(quiet, feed(member.cookie()).get(0).get("subject"));
        Api.Response unmuted = api.delete("/api/me/notifications/muted/" + g.id(), "Cookie", member.cookie());
        assertEquals(200, unmuted.status(), unmuted.body());
        assertEquals(List.of(), unmuted.get("muted"));
        String loud = unique("À voix haute");
        message(g, loud);
        MimeMessage mail = awaitSubject(member.email(), loud);
        assertTrue(TestMail.mailsTo(member.email()).stream().noneMatch(m -> TestMail.subject(m).contains(quiet)), "muted: no mail");

        // the mail's stop link: a forged one is refused, the real one turns group messages off, twice is fine
        Matcher stop = STOP.matcher(TestMail.textPart(mail));
        assertTrue(stop.find());
        assertEquals("group-message", stop.group(2));
        assertEquals(400, api.post("/api/notifications/stop", Map.of("m", stop.group(1), "k", "group-action", "t", stop.group(3))).status(),
                "the signature is over the kind too");
        Api.Response forged = api.post("/api/notifications/stop", Map.of("m", stop.group(1), "k", "group-message", "t", "x" + stop.group(3)),
                "Accept-Language", "fr");
        assertEquals(400, forged.status());
        assertTrue(forged.body().contains("n’est pas valable"), forged.body());
        for (int i = 0; i < 2; i++) { // the page's button, as the page sends it: nothing of the link in the address
            Api.Response r = api.post("/api/notifications/stop", Map.of("m", stop.group(1), "k", stop.group(2), "t", stop.group(3)));
            assertEquals(200, r.status(), r.body());
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> kinds = (List<Map<String, Object>>) api.get("/api/me/notifications", "Cookie", member.cookie()).get("kinds");
        assertEquals("off", kinds.stream().filter(k -> "group-message".equals(k.get("kind"))).findFirst().orElseThrow().get("mail"));
        String after = unique("Après l’arrêt");
        message(g, after);
        assertEquals(after, feed(member.cookie()).get(0).get("subject"), "still in the feed");
        TestMail.sleep(1500);
        assertTrue(TestMail.mailsTo(member.email()).stream().noneMatch(m -> TestMail.subject(m).contains(after)), "no more mail");
    }

    @Test
    void aMessageNotMailedIsReadAmongTheGroupsMessagesByItsMembersOnly() {
        GroupRef g = aGroup();
        String early = unique("Avant votre arrivée");
        message(g, early);
        SignedIn member = aConfirmedSupporter();
        join(g, member.cookie());
        assertEquals(200, api.put("/api/me/notifications/group-message", Map.of("mail", "daily"), "Cookie", member.cookie()).status());
        String subject = unique("Collage samedi");
        message(g, subject);
        Map<String, Object> entry = feed(member.cookie()).get(0);
        assertEquals("/groupes/" + g.slug() + "/messages", entry.get("link"), "the feed leads to the message itself");
        Api.Response read = api.get("/api/groups/" + g.id() + "/messages", "Cookie", member.cookie());
        assertEquals(200, read.status(), read.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) read.get("items");
        assertEquals(List.of(subject), items.stream().map(m -> m.get("subject")).toList(), "since they joined only");
        assertEquals("À samedi !", items.get(0).get("body"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> all = (List<Map<String, Object>>) api.get("/api/groups/" + g.id() + "/messages", "Cookie", g.manager()).get("items");
        assertEquals(2, all.size(), "those who run the group read them all");
        SignedIn outsider = aConfirmedSupporter();
        assertEquals(403, api.get("/api/groups/" + g.id() + "/messages", "Cookie", outsider.cookie()).status());
        assertEquals(401, api.get("/api/groups/" + g.id() + "/messages").status());
        assertEquals(400, api.get("/api/groups/" + g.id() + "/messages?page=0", "Cookie", member.cookie()).status());
        assertEquals(400, api.get("/api/groups/" + g.id() + "/messages?page=abc", "Cookie", member.cookie()).status());
        // no mail at once for them; the group's page offers the messages to members only
        assertTrue(TestMail.mailsTo(member.email()).stream().noneMatch(m -> TestMail.subject(m).contains(subject)));
        assertTrue(api.get("/api/groups/" + g.id(), "Cookie", member.cookie()).body().contains("readMessages"));
        assertFalse(api.get("/api/groups/" + g.id(), "Cookie", outsider.cookie()).body().contains("readMessages"));
    }

    @Test
    void joiningAndLeavingInALoopTellsTheManagersOnceADayAndReportsAreNeverMailedAtOnce() {
        GroupRef g = aGroup();
        SignedIn looper = aConfirmedSupporter();
        for (int i = 0; i < 4; i++) {
            join(g, looper.cookie());
            assertEquals(204, api.delete("/api/groups/" + g.id() + "/membership", "Cookie", looper.cookie()).status());
        }
        assertEquals(1, feed(g.manager()).stream().filter(e -> "member-joined".equals(e.get("kind"))).count(), "one entry, not four");
        for (int i = 0; i < 3; i++) {
            api.post("/api/reports", Map.of("targetType", "group", "targetId", g.id(), "reason", "spam"));
        }
        assertEquals(1, feed(g.manager()).stream().filter(e -> "group-reported".equals(e.get("kind"))).count());
        Api.Response immediate = api.put("/api/me/notifications/group-reported", Map.of("mail", "immediate"), "Cookie", g.manager());
        assertEquals(400, immediate.status());
        assertTrue(immediate.fieldError("mail").isPresent(), immediate.body());
    }

    @Test
    void aDatesFirstReportReachesTheGroupsMembersOnce() {
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        join(g, member.cookie());
        ActionRef action = anActionOf(g);
        update("UPDATE event_occurrence SET starts_at = NOW(6) - INTERVAL 5 HOUR, ends_at = NOW(6) - INTERVAL 3 HOUR WHERE public_id = ?",
                action.firstDate());
        assertEquals(204, api.put("/api/occurrences/" + action.firstDate() + "/report", Map.of("text", "Belle matinée."), "Cookie", g.manager())
                .status());
        assertEquals(204, api.put("/api/occurrences/" + action.firstDate() + "/report", Map.of("text", "Belle matinée, 40 tracts."), "Cookie",
                g.manager()).status());
        List<Map<String, Object>> reports = feed(member.cookie()).stream().filter(e -> "action-report".equals(e.get("kind"))).toList();
        assertEquals(1, reports.size(), "told once, not at each edit");
        assertEquals("/actions/" + action.slug(), reports.get(0).get("link"));
        assertFalse(kinds(feed(g.manager())).contains("action-report"), "not its author");
    }

    @Test
    void actionsNearMeReachOnlyThoseWhoAskedAndLiveNear() {
        SignedIn asked = aConfirmedSupporter(); // Marseille 1er, as the group below
        SignedIn silent = aConfirmedSupporter();
        Map<String, Object> far = signupBody(newEmail());
        far.put("postalCode", "75011");
        String farAway = confirmedSupporter(far);
        for (String cookie : List.of(asked.cookie(), farAway)) {
            Api.Response r = api.put("/api/me/notifications/nearby-action", Map.of("mail", "daily"), "Cookie", cookie);
            assertEquals(200, r.status(), r.body());
        }
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        assertEquals(200, api.put("/api/me/notifications/nearby-action", Map.of("mail", "daily"), "Cookie", member.cookie()).status());
        join(g, member.cookie());
        ActionRef action = anActionOf(g);
        Map<String, Object> near = feed(asked.cookie()).get(0);
        assertEquals("nearby-action", near.get("kind"));
        assertEquals(action.title(), near.get("subject"));
        assertEquals(null, near.get("actor"), "strangers are not told who organises it");
        assertFalse(kinds(feed(silent.cookie())).contains("nearby-action"), "an opt-in kind: nothing without asking");
        assertFalse(kinds(feed(farAway)).contains("nearby-action"), "Paris is not near Marseille");
        assertEquals(List.of("group-action"), kinds(feed(member.cookie())), "a member hears of it once, as their group's");
    }

    @Test
    void theDailyDigestGathersTheNewsOnceWhenTwoNodesRunAtOnce() throws Exception {
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        join(g, member.cookie());
        ActionRef first = anActionOf(g);
        ActionRef second = anActionOf(g);
        assertEquals(2, count("SELECT COUNT(*) FROM activity a JOIN person p ON p.id = a.person_id WHERE p.public_id = ? "
                + "AND a.kind = 'group-action' AND a.mail_state = 1", member.publicId()), "owed to the daily digest (the default)");
        Instant tomorrow = Instant.now().plus(Duration.ofDays(1));
        assertEquals(0, digests.sendDue(Instant.now().minus(Duration.ofDays(1))), "nothing is due before the next digest hour");
        digests.prepare();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int sent = 0;
        for (Future<Integer> f : pool.invokeAll(List.<Callable<Integer>>of(() -> digests.sendAllDue(tomorrow), () -> digests.sendAllDue(tomorrow)))) {
            sent += f.get();
        }
        pool.shutdown();
        assertTrue(sent >= 1);
        List<MimeMessage> digestMails = awaitDigests(member.email());
        TestMail.sleep(1500);
        digestMails = TestMail.mailsTo(member.email()).stream().filter(m -> TestMail.subject(m).contains("nouvelles de vos groupes")).toList();
        assertEquals(1, digestMails.size(), "one digest");
        String text = TestMail.textPart(digestMails.get(0));
        assertTrue(text.contains(first.title()) && text.contains(second.title()), text);
        assertTrue(text.contains("/actions/" + first.slug()), text);
        assertEquals(0, count("SELECT COUNT(*) FROM activity a JOIN person p ON p.id = a.person_id WHERE p.public_id = ? "
                + "AND a.mail_state IN (1, 2)", member.publicId()));
        assertTrue(digestMails.get(0).getHeader("List-Unsubscribe")[0].contains("/api/notifications/stop"));

        // the digest's stop link turns every digested kind off
        Matcher stop = STOP.matcher(text);
        assertTrue(stop.find(), text);
        assertEquals("digest", stop.group(2));
        // the mail client's one-click POST (RFC 8058) to the List-Unsubscribe address
        String oneClick = digestMails.get(0).getHeader("List-Unsubscribe")[0].replaceAll("^<" + Pattern.quote(publicUrl()) + "|>$", "");
        assertTrue(oneClick.contains("k=digest"), oneClick);
        Api.Response r = api.exchange(io.micronaut.http.HttpRequest.POST(oneClick, "List-Unsubscribe=One-Click")
                .contentType(io.micronaut.http.MediaType.APPLICATION_FORM_URLENCODED_TYPE));
        assertEquals(200, r.status(), r.body());
        anActionOf(g);
        assertEquals(0, count("SELECT COUNT(*) FROM activity a JOIN person p ON p.id = a.person_id WHERE p.public_id = ? "
                + "AND a.mail_state IN (1, 2)", member.publicId()), "nothing owed any more");
    }


    private static MimeMessage awaitSubject(String email, String part) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (MimeMessage m : TestMail.mailsTo(email)) {
                if (TestMail.subject(m).contains(part)) {
                    return m;
                }
            }
            TestMail.sleep(100);
        }
        throw new AssertionError("no mail to " + email + " about " + part);
    }

    private static List<MimeMessage> awaitDigests(String email) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<MimeMessage> found = List.of();
        while (found.isEmpty() && System.nanoTime() < deadline) {
            found = TestMail.mailsTo(email).stream().filter(m -> TestMail.subject(m).contains("nouvelles de vos groupes")).toList();
            TestMail.sleep(100);
        }
        return found;
    }
}
