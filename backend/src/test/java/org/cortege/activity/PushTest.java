package org.cortege.activity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Web push end to end s.cookie()st a local push service that checks the protocol as a real one would and decrypts as
 * a browser does ({@link LocalPushService}): a member who turned push on for new actions gets one, signed with the
 * instance's key and readable only with their browser's key; nobody else does; a muted group or push turned off
 * sends none; a browser that unsubscribed (410) is forgotten; a subscription that is not one is refused with a
 * sentence, and an address that is no push service never gets a request (server-side request forgery).
 */
@AppTest
class PushTest extends ApiTest {

    private LocalPushService push;

    @BeforeAll
    void startPushService() throws Exception {
        push = new LocalPushService();
    }

    @AfterAll
    void stopPushService() {
        push.close();
    }

    private void subscribe(String cookie, LocalPushService.Subscription s) {
        Api.Response r = api.post("/api/me/push/subscriptions", s.json(), "Cookie", cookie);
        assertEquals(204, r.status(), r.body());
    }

    private void join(GroupRef g, String cookie) {
        assertEquals(201, api.post("/api/groups/" + g.id() + "/membership", Map.of("shareContact", false), "Cookie", cookie).status());
    }

    private List<LocalPushService.Received> await(String endpoint, int n) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (push.receivedAt(endpoint).size() < n && System.nanoTime() < deadline) {
            TestMail.sleep(50);
        }
        return push.receivedAt(endpoint);
    }

    @Test
    void aNewActionIsPushedEncryptedForTheMembersBrowserAndSignedByTheInstance() throws Exception {
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        SignedIn other = aConfirmedSupporter(); // a member who did not turn push on for new actions
        join(g, member.cookie());
        join(g, other.cookie());
        LocalPushService.Subscription phone = push.subscribe(false);
        LocalPushService.Subscription otherPhone = push.subscribe(false);
        subscribe(member.cookie(), phone);
        subscribe(other.cookie(), otherPhone);
        Api.Response set = api.put("/api/me/notifications/group-action", Map.of("push", true), "Cookie", member.cookie());
        assertEquals(200, set.status(), set.body());
        String key = (String) api.get("/api/me/push/key", "Cookie", member.cookie()).get("publicKey");
        assertEquals(87, key.length(), "an uncompressed P-256 point, base64url");

        ActionRef action = anActionOf(g);
        List<LocalPushService.Received> got = await(phone.endpoint(), 1);
        assertEquals(List.of(), push.problems());
        assertEquals(1, got.size(), "one push");
        LocalPushService.Received r = got.get(0);
        assertEquals(key, r.vapidKey(), "signed by the instance's key, the one browsers subscribed with");
        assertTrue(r.payload().contains(action.title()), r.payload());
        assertTrue(r.payload().contains("\"url\":\"/actions/" + action.slug() + "\""), r.payload());
        assertTrue(r.claims().get("sub").startsWith("mailto:") || r.claims().get("sub").startsWith("https://"));
        TestMail.sleep(800);
        assertEquals(1, push.receivedAt(phone.endpoint()).size(), "no second push");
        assertEquals(List.of(), push.receivedAt(otherPhone.endpoint()), "push off for this kind by default");
        assertEquals(0, count("SELECT COUNT(*) FROM push_delivery d JOIN push_subscription s ON s.id = d.subscription_id "
                + "JOIN person p ON p.id = s.person_id WHERE p.public_id IN (?, ?)", member.publicId(), other.publicId()), "nothing left owed");

        // the same member mutes the group: no push (the feed still has it)
        assertEquals(200, api.put("/api/me/notifications/muted/" + g.id(), Map.of(), "Cookie", member.cookie()).status());
        ActionRef quiet = anActionOf(g);
        TestMail.sleep(800);
        assertEquals(1, push.receivedAt(phone.endpoint()).size(), "muted: no push");
        assertTrue(api.get("/api/me/activity", "Cookie", member.cookie()).body().contains(quiet.title()));

        // a cancellation is pushed by default (once push is on in a browser), muted group or not
        assertEquals(201, api.post("/api/occurrences/" + action.firstDate() + "/rsvp", Map.of(), "Cookie", member.cookie()).status());
        Api.Response cancelled = api.post("/api/events/" + action.slug() + "/cancel", Map.of(), "Cookie", g.manager());
        assertTrue(cancelled.status() / 100 == 2, cancelled.body());
        List<LocalPushService.Received> after = await(phone.endpoint(), 2);
        assertEquals(2, after.size(), "the cancellation");
        assertTrue(after.get(1).payload().contains("annulée") || after.get(1).payload().contains("cancelled"), after.get(1).payload());
    }

    @Test
    void aBrowserThatChangesHandsGetsNoneOfItsFormerOwnersPushes() throws Exception {
        GroupRef g = aGroup();
        SignedIn first = aConfirmedSupporter();
        SignedIn next = aConfirmedSupporter();
        join(g, first.cookie());
        LocalPushService.Subscription shared = push.subscribe(false);
        subscribe(first.cookie(), shared);
        ActionRef action = anActionOf(g); // push off for new actions: nothing sent yet
        // a push owed to the first owner and not yet sent (a push service that failed, retried later)
        update("INSERT INTO push_delivery (subscription_id, activity_id, next_attempt_at) SELECT s.id, a.id, NOW(6) + INTERVAL 1 HOUR "
                + "FROM push_subscription s JOIN activity a ON a.person_id = s.person_id JOIN person p ON p.id = s.person_id "
                + "WHERE p.public_id = ? AND a.subject = ?", first.publicId(), action.title());
        assertEquals(1, count("SELECT COUNT(*) FROM push_delivery d JOIN push_subscription s ON s.id = d.subscription_id "
                + "JOIN person p ON p.id = s.person_id WHERE p.public_id = ?", first.publicId()));
        subscribe(next.cookie(), shared); // the browser changes hands
        update("UPDATE push_delivery SET next_attempt_at = NOW(6)");
        TestMail.sleep(1000);
        assertTrue(push.receivedAt(shared.endpoint()).stream().noneMatch(r -> r.payload().contains(action.title())),
                "the former owner's news never reach the new owner's browser");
    }

    @Test
    void aBrowserThatUnsubscribedIsForgotten() throws Exception {
        GroupRef g = aGroup();
        SignedIn member = aConfirmedSupporter();
        join(g, member.cookie());
        LocalPushService.Subscription gone = push.subscribe(true);
        subscribe(member.cookie(), gone);
        assertEquals(200, api.put("/api/me/notifications/group-action", Map.of("push", true), "Cookie", member.cookie()).status());
        anActionOf(g);
        await(gone.endpoint(), 1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (count("SELECT COUNT(*) FROM push_subscription s JOIN person p ON p.id = s.person_id WHERE p.public_id = ?", member.publicId()) > 0
                && System.nanoTime() < deadline) {
            TestMail.sleep(50);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription s JOIN person p ON p.id = s.person_id WHERE p.public_id = ?",
                member.publicId()), "410: the subscription is gone");
    }

    @Test
    void subscriptionsThatAreNotOnesAreRefusedAndNoOtherAddressIsEverPosted() throws Exception {
        SignedIn s = aConfirmedSupporter();
        LocalPushService.Subscription real = push.subscribe(false);
        for (String endpoint : List.of("http://10.0.0.1/push/x", "https://evil.example/push/x", "http://localhost:3306/", "javascript:alert(1)",
                "https://fcm.googleapis.com.evil.example/x", "https://user@fcm.googleapis.com/x", "file:///etc/passwd", "")) {
            Map<String, Object> body = new HashMap<>(real.json());
            body.put("endpoint", endpoint);
            Api.Response r = api.post("/api/me/push/subscriptions", body, "Cookie", s.cookie(), "Accept-Language", "fr");
            assertEquals(400, r.status(), endpoint + ": " + r.body());
            assertTrue(r.fieldError("endpoint").orElseThrow().contains("n’est pas reconnu"), r.body());
        }
        byte[] notAPoint = new byte[65];
        notAPoint[0] = 4;
        notAPoint[5] = 7;
        for (Map<String, Object> keys : List.<Map<String, Object>>of(
                Map.of("p256dh", java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(notAPoint), "auth", real.auth()),
                Map.of("p256dh", "not base64 !", "auth", real.auth()), Map.of("p256dh", real.p256dh(), "auth", "c2hvcnQ"), Map.of())) {
            Api.Response r = api.post("/api/me/push/subscriptions", Map.of("endpoint", real.endpoint(), "keys", keys), "Cookie", s.cookie());
            assertEquals(400, r.status(), keys + ": " + r.body());
        }
        assertEquals(400, api.post("/api/me/push/subscriptions", Map.of("endpoint", real.endpoint()), "Cookie", s.cookie()).status());
        // keys in another base64 alphabet or padded out of measure: a sentence, never a 500 (nor a key no push could use)
        for (Map<String, Object> keys : List.<Map<String, Object>>of(Map.of("p256dh", real.p256dh(), "auth", real.auth() + "=".repeat(100)),
                Map.of("p256dh", "+" + real.p256dh().substring(1), "auth", real.auth()),
                Map.of("p256dh", real.p256dh(), "auth", real.auth().substring(0, 10) + "=" + real.auth().substring(10)))) {
            Api.Response r = api.post("/api/me/push/subscriptions", Map.of("endpoint", real.endpoint(), "keys", keys), "Cookie", s.cookie());
            assertEquals(400, r.status(), keys + ": " + r.body());
        }
        assertEquals(400, api.put("/api/me/notifications/group-action", Map.of("push", "yes"), "Cookie", s.cookie()).status());
        assertEquals(401, api.post("/api/me/push/subscriptions", real.json()).status());
        assertEquals(401, api.get("/api/me/push/key").status());
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription s JOIN person p ON p.id = s.person_id WHERE p.public_id = ?", s.publicId()));

        // at most ten browsers a person: the oldest goes
        for (int i = 0; i < PushSubscriptions.MAX_PER_PERSON + 2; i++) {
            subscribe(s.cookie(), push.subscribe(false));
        }
        assertEquals(PushSubscriptions.MAX_PER_PERSON, count("SELECT COUNT(*) FROM push_subscription s JOIN person p ON p.id = s.person_id "
                + "WHERE p.public_id = ?", s.publicId()));
        // turning push off in a browser forgets it
        subscribe(s.cookie(), real);
        assertEquals(true, api.post("/api/me/push/status", Map.of("endpoint", real.endpoint()), "Cookie", s.cookie()).get("subscribed"));
        assertEquals(204, api.post("/api/me/push/unsubscribe", Map.of("endpoint", real.endpoint()), "Cookie", s.cookie()).status());
        assertEquals(false, api.post("/api/me/push/status", Map.of("endpoint", real.endpoint()), "Cookie", s.cookie()).get("subscribed"));
        // signing out everywhere forgets every browser (a lost phone shows nothing more); erasure too (PersonalDataTest's scan)
        subscribe(s.cookie(), real);
        assertEquals(204, api.post("/api/logout", Map.of("everywhere", true), "Cookie", s.cookie()).status());
        assertEquals(0, count("SELECT COUNT(*) FROM push_subscription s JOIN person p ON p.id = s.person_id WHERE p.public_id = ?", s.publicId()));
        assertEquals(List.of(), push.problems());
    }
}
