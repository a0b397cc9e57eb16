package org.cortege.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
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
 * A supporter joins a group from its page, turns push on and sets how they hear of new actions, the group publishes one, the push arrives (through
 * the local push service, checked and decrypted), the bell and the feed show it, and the mail's stop link turns that
 * mail off without a session, in a real browser (frontend/e2e/activity-journey.mjs).
 */
@AppTest
class ActivityJourneyBrowserTest extends ApiTest {

    private static final Pattern STOP = Pattern.compile("(https?://\\S+/notifications/arreter#m=[A-Za-z0-9_-]+&k=group-action&t=[A-Za-z0-9_-]+)");

    @Test
    void aMemberHearsOfANewActionAndStopsItsMailsInOneClick() throws Exception {
        String groupName = unique("Groupe de la Belle de Mai");
        GroupRef group = aGroupFoundedBy(confirmedSupporter(newEmail()), groupName, "13003");
        SignedIn member = aConfirmedSupporter(); // joins in the browser
        String[] title = new String[1];
        LocalPushService push = new LocalPushService();
        LocalPushService.Subscription browser = push.subscribe(false);
        try {
            journey(group, member, groupName, title, browser);
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (push.receivedAt(browser.endpoint()).isEmpty() && System.nanoTime() < deadline) {
                TestMail.sleep(50);
            }
            assertEquals(List.of(), push.problems());
            assertEquals(1, push.receivedAt(browser.endpoint()).size(), "the new action, pushed to the browser");
            assertTrue(push.receivedAt(browser.endpoint()).get(0).payload().contains(title[0]));
        } finally {
            push.close();
        }
        assertEquals("off", string("SELECT n.mail FROM notification_pref n JOIN person p ON p.id = n.person_id WHERE p.public_id = ? "
                + "AND n.kind = 'group-action'", member.publicId()));
        Api.Response feed = api.get("/api/me/activity/unread", "Cookie", member.cookie());
        assertEquals(0, ((Number) feed.get("unread")).intValue(), "read in the browser");
    }

    private void journey(GroupRef group, SignedIn member, String groupName, String[] title, LocalPushService.Subscription browser)
            throws Exception {
        BrowserJourney.run("activity-journey.mjs", List.of(publicUrl(), member.cookie(), groupName, group.slug(), browser.endpoint(), browser.p256dh(),
                browser.auth()), question -> {
            if (question.equals("PUBLISH?")) {
                title[0] = anActionOf(group).title();
                return title[0];
            }
            if (question.equals("STOP?")) {
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                while (System.nanoTime() < deadline) {
                    for (var m : TestMail.mailsTo(member.email())) {
                        Matcher link = STOP.matcher(TestMail.textPart(m));
                        if (TestMail.subject(m).contains(title[0]) && link.find()) {
                            return link.group(1);
                        }
                    }
                    TestMail.sleep(100);
                }
                throw new AssertionError("no mail about the new action");
            }
            if (question.equals("MESSAGE?")) {
                String subject = unique("Collage");
                Api.Response sent = api.post("/api/groups/" + group.id() + "/messages", Map.of("subject", subject,
                        "body", "Rendez-vous à 10 h devant la gare."), "Cookie", group.manager());
                assertEquals(202, sent.status(), sent.body());
                return subject;
            }
            throw new AssertionError("unexpected question " + question);
        });
    }
}
