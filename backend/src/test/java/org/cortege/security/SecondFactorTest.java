package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Base32;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * Staff accounts' second factor, optional on this instance (the README's try-out default): a
 * stolen mailbox gives a sign-in link, and with it no staff page and no admin power until the
 * authenticator's code is typed; codes work once; recovery codes work once and are reported;
 * staff sessions end when left idle.
 */
@AppTest
class SecondFactorTest extends ApiTest {

    /** The code an authenticator app would show for this base32 key, {@code steps} steps from now. */
    static String totp(String base32, int steps) {
        return totpAt(base32, Instant.now().plusSeconds(30L * steps));
    }

    /** The code of the step holding {@code at}: a test that compares codes across requests pins its steps to one instant. */
    static String totpAt(String base32, Instant at) {
        try {
            TimeBasedOneTimePasswordGenerator generator = new TimeBasedOneTimePasswordGenerator(Duration.ofSeconds(30), 6);
            return generator.generateOneTimePasswordString(new SecretKeySpec(new Base32().decode(base32), generator.getAlgorithm()),
                    at);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** A new session for a known address, through the login mail's link. */
    String signIn(String email) {
        int before = TestMail.mailsTo(email).size();
        assertEquals(202, api.post("/api/login", Map.of("email", email)).status());
        // Other mails (a security notice) may arrive in between: take the login mail.
        String token = null;
        for (int i = 0; i < 50 && token == null; i++) {
            List<jakarta.mail.internet.MimeMessage> mails = TestMail.mailsTo(email);
            for (jakarta.mail.internet.MimeMessage m : mails.subList(before, mails.size())) {
                if (TestMail.body(m).contains("#token=")) {
                    token = TestMail.token(m);
                }
            }
            if (token == null) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        }
        assertTrue(token != null, "a login mail");
        Api.Response confirm = api.post("/api/login/confirm", Map.of("token", token));
        assertEquals(200, confirm.status(), confirm.body());
        return confirm.sessionCookie();
    }

    private boolean mailed(String email, String subjectPart) {
        return TestMail.mailsTo(email).stream().anyMatch(m -> TestMail.subject(m).contains(subjectPart));
    }

    @Test
    void anOrganizerEnrolsThenEverySessionMustProveTheCode() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        String cookie = organizer.cookie();
        assertEquals(false, api.get("/api/me/second-factor", "Cookie", cookie).get("permitNeeded"), "optional here: no permit");
        assertEquals(200, api.get("/api/admin/me", "Cookie", cookie).status(), "optional here: no app yet, staff pages open");
        assertEquals("none", api.get("/api/session", "Cookie", cookie).get("secondFactor"));

        Api.Response setup = api.post("/api/me/second-factor/setup", Map.of(), "Cookie", cookie);
        assertEquals(200, setup.status(), setup.body());
        assertEquals("no-store", setup.headers().get("Cache-Control"));
        String secret = (String) setup.get("secret");
        String uri = (String) setup.get("uri");
        assertTrue(uri.startsWith("otpauth://totp/") && uri.contains("secret=" + secret) && uri.contains("issuer="), uri);
        String qr = (String) setup.get("qrCode");
        assertTrue(qr.startsWith("data:image/svg+xml;base64,"), "drawn on our server, no third party");
        String svg = new String(Base64.getDecoder().decode(qr.substring(qr.indexOf(',') + 1)), StandardCharsets.UTF_8);
        assertTrue(svg.startsWith("<svg") && svg.contains("<path"), svg.substring(0, 80));
        assertEquals("none", api.get("/api/session", "Cookie", cookie).get("secondFactor"), "not on before a first code");

        Api.Response wrong = api.post("/api/me/second-factor/confirm", Map.of("code", "000000".equals(totp(secret, 0)) ? "111111" : "000000"),
                "Cookie", cookie);
        assertEquals(400, wrong.status());
        assertTrue(wrong.fieldError("code").orElseThrow().contains("6 chiffres"), wrong.body());

        // The codes below are pinned to this instant: computed later, "the code already used" would become the next step's
        // fresh code whenever a 30-second step ends during the test (the server accepts one step either side).
        Instant enrolled = Instant.now();
        String firstCode = totpAt(secret, enrolled);
        Api.Response confirmed = api.post("/api/me/second-factor/confirm", Map.of("code", firstCode), "Cookie", cookie);
        assertEquals(200, confirmed.status(), confirmed.body());
        String before = cookie;
        cookie = confirmed.sessionCookie();
        assertTrue(!cookie.equals(before), "a new session token once the factor is proved");
        assertEquals(false, api.get("/api/session", "Cookie", before).get("authenticated"), "the old token (planted, or seen) is worth nothing");
        @SuppressWarnings("unchecked")
        List<String> recovery = (List<String>) confirmed.get("recoveryCodes");
        assertEquals(10, recovery.size());
        assertEquals(10, recovery.stream().distinct().count());
        assertEquals(0, count("SELECT COUNT(*) FROM person_recovery_code WHERE code_hash = ?", recovery.get(0)), "only hashes are kept");
        assertEquals(200, api.get("/api/admin/me", "Cookie", cookie).status(), "the enrolling session proved it");
        assertEquals("done", api.get("/api/session", "Cookie", cookie).get("secondFactor"));
        assertTrue(waitFor(() -> mailed(organizer.email(), "authentification activée")), "turning it on is mailed");

        // Whoever reads the mailbox signs in, and gets no staff page.
        String thief = signIn(organizer.email());
        Api.Response refused = api.get("/api/admin/me", "Cookie", thief);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("second-factor-needed") && refused.body().contains("application d’authentification"), refused.body());
        assertEquals(403, api.post("/api/admin/people/search", Map.of(), "Cookie", thief).status());
        assertEquals("needed", api.get("/api/session", "Cookie", thief).get("secondFactor"));
        assertEquals(200, api.get("/api/me", "Cookie", thief).status(), "their own supporter pages stay open");

        // The code already used does not work twice (a shoulder-surfed or phished code).
        assertEquals(400, api.post("/api/me/second-factor/verify", Map.of("code", firstCode), "Cookie", thief).status());
        assertEquals(403, api.get("/api/admin/me", "Cookie", thief).status());

        // The next code does, on this session only.
        String second = signIn(organizer.email());
        Api.Response verified = api.post("/api/me/second-factor/verify", Map.of("code", totpAt(secret, enrolled.plusSeconds(30))), "Cookie", second);
        assertEquals(204, verified.status());
        assertEquals(401, api.get("/api/admin/me", "Cookie", second).status(), "the token that was shown before the code is gone");
        second = verified.sessionCookie();
        assertEquals(200, api.get("/api/admin/me", "Cookie", second).status());
        assertEquals(403, api.get("/api/admin/me", "Cookie", thief).status());

        // A recovery code works once, and the owner hears of it.
        String third = signIn(organizer.email());
        Api.Response recovered = api.post("/api/me/second-factor/verify", Map.of("code", recovery.get(3).toUpperCase()), "Cookie", third);
        assertEquals(204, recovered.status());
        third = recovered.sessionCookie();
        assertEquals(200, api.get("/api/admin/me", "Cookie", third).status());
        assertEquals(400, api.post("/api/me/second-factor/verify", Map.of("code", recovery.get(3)), "Cookie", thief).status());
        assertTrue(waitFor(() -> mailed(organizer.email(), "code de secours")), "the recovery code's use is mailed");
        assertEquals(9, ((Number) api.get("/api/me/second-factor", "Cookie", third).get("recoveryCodesLeft")).intValue());

        // Turning it off takes a code; every session must then prove nothing more (optional here).
        assertEquals(400, api.post("/api/me/second-factor/disable", Map.of("code", "123"), "Cookie", thief).status());
        assertEquals(409, api.post("/api/me/second-factor/setup", Map.of(), "Cookie", third).status(), "one app at a time");
        assertEquals(204, api.post("/api/me/second-factor/disable", Map.of("code", recovery.get(4)), "Cookie", third).status());
        assertEquals(0, count("SELECT COUNT(*) FROM person_recovery_code r JOIN person p ON p.id = r.person_id WHERE p.email = ?",
                organizer.email()));
        assertTrue(waitFor(() -> mailed(organizer.email(), "retirée")), "turning it off is mailed");
    }

    @Test
    void anAdminWithoutTheCodeHasNoAdminPowerAnywhere() {
        String admin = freshAdmin();
        String setupSecret = (String) api.post("/api/me/second-factor/setup", Map.of(), "Cookie", admin).get("secret");
        Api.Response confirmed = api.post("/api/me/second-factor/confirm", Map.of("code", totp(setupSecret, 0)), "Cookie", admin);
        assertEquals(200, confirmed.status());
        admin = confirmed.sessionCookie();

        // A group the admin is not part of: admins may read its members (moderation), with the code only.
        String founder = confirmedSupporter(newEmail());
        String group = createGroup(founder, unique("Groupe modéré"), "13001");
        assertEquals(200, api.get("/api/groups/" + group + "/members", "Cookie", admin).status());

        String thief = signIn("admin@cortege.test");
        assertEquals(403, api.get("/api/groups/" + group + "/members", "Cookie", thief).status(), "no admin power before the code");
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) ((Map<String, Object>) api.get("/api/session", "Cookie", thief).get("me")).get("roles");
        assertFalse(roles.contains("admin"), roles.toString());
        assertEquals(403, api.get("/api/admin/reports", "Cookie", thief).status());
        assertEquals(403, api.get("/api/admin/access-log", "Cookie", thief).status());
    }

    @Test
    void wrongCodesAreCountedToldAndFinallyLockTheFactor() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        String secret = (String) api.post("/api/me/second-factor/setup", Map.of(), "Cookie", organizer.cookie()).get("secret");
        assertEquals(200, api.post("/api/me/second-factor/confirm", Map.of("code", totp(secret, 0)), "Cookie", organizer.cookie()).status());
        String thief = signIn(organizer.email());
        String wrong = "000000".equals(totp(secret, 1)) || "000000".equals(totp(secret, 0)) || "000000".equals(totp(secret, -1)) ? "999999" : "000000";
        for (int i = 1; i <= 20; i++) {
            assertEquals(400, api.post("/api/me/second-factor/verify", Map.of("code", wrong), "Cookie", thief).status(), "try " + i);
            if (i == 5) {
                assertTrue(waitFor(() -> mailed(organizer.email(), "codes erronés")), "the owner hears of it at the fifth");
            }
        }
        Api.Response locked = api.post("/api/me/second-factor/verify", Map.of("code", totp(secret, 1)), "Cookie", thief);
        assertEquals(403, locked.status(), "locked: even the right code does not open it now");
        assertTrue(locked.body().contains("second-factor-locked"), locked.body());
        assertTrue(waitFor(() -> mailed("admin@cortege.test", "second facteur")), "admins are alerted");
        assertTrue((Boolean) api.get("/api/me/second-factor", "Cookie", thief).get("locked"));
    }

    @Test
    void aStaffSessionLeftIdleEnds() {
        String admin = freshAdmin();
        SignedIn organizer = anOrganizer(admin, "13");
        String supporter = confirmedSupporter(newEmail());
        assertEquals(200, api.get("/api/admin/me", "Cookie", organizer.cookie()).status());

        // 31 minutes without a request (the default staff idle time is 30).
        update("UPDATE user_session SET last_seen_at = last_seen_at - INTERVAL 31 MINUTE");
        Api.Response idle = api.get("/api/admin/me", "Cookie", organizer.cookie());
        assertEquals(401, idle.status());
        assertTrue(idle.body().contains("session-idle") && idle.body().contains("inactive"), idle.body());
        assertEquals(false, api.get("/api/session", "Cookie", organizer.cookie()).get("authenticated"), "the session is gone");
        assertEquals(200, api.get("/api/me", "Cookie", supporter).status(), "a supporter's session lasts: 30 days of idleness");

        // Use within the idle time keeps a staff session going.
        String fresh = signIn(organizer.email());
        update("UPDATE user_session SET last_seen_at = last_seen_at - INTERVAL 20 MINUTE");
        assertEquals(200, api.get("/api/admin/me", "Cookie", fresh).status());
        update("UPDATE user_session SET last_seen_at = last_seen_at - INTERVAL 20 MINUTE");
        assertEquals(200, api.get("/api/admin/me", "Cookie", fresh).status(), "the previous request counted as use");
    }

    @Test
    void staffPagesAnswerOnlyTheSitesOwnPages() {
        String admin = freshAdmin();
        String victim = newEmail();
        confirmedSupporter(victim);
        String id = string("SELECT public_id FROM person WHERE email = ?", victim);
        long views = count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.view'");
        // A link in a mail or on another site, opened by an admin: no record read, no forged "view" in the access log.
        assertEquals(403, api.get("/api/admin/people/" + id, "Cookie", admin, "Sec-Fetch-Site", "cross-site").status());
        assertEquals(403, api.get("/api/admin/people/" + id, "Cookie", admin, "Sec-Fetch-Site", "none").status());
        assertEquals(403, api.get("/api/admin/people/" + id, "Cookie", admin, "X-Requested-With", "").status());
        assertEquals(views, count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.view'"));
        assertEquals(200, api.get("/api/admin/people/" + id, "Cookie", admin, "Sec-Fetch-Site", "same-origin").status());
        assertEquals(200, api.get("/api/admin/people/" + id, "Cookie", admin).status(), "X-Requested-With, as our pages send");
    }

    private static boolean waitFor(java.util.function.BooleanSupplier condition) {
        for (int i = 0; i < 50; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return false;
    }
}
