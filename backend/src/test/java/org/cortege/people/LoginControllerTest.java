package org.cortege.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

@AppTest
class LoginControllerTest extends ApiTest {

    @Test
    void theLoginLinkOpensASessionOnce() {
        String email = newEmail();
        confirmedSupporter(email);
        assertEquals(202, api.post("/api/login", Map.of("email", email)).status());
        MimeMessage mail = TestMail.awaitMails(email, 2).get(1);
        assertEquals("Votre lien de connexion", TestMail.subject(mail));

        Api.Response login = api.post("/api/login/confirm", Map.of("token", TestMail.token(mail)));
        assertEquals(200, login.status(), login.body());
        assertEquals(200, api.get("/api/me", "Cookie", login.sessionCookie()).status());
        assertEquals(400, api.post("/api/login/confirm", Map.of("token", TestMail.token(mail))).status());
    }

    @Test
    void theFirstAdminsSignInAskedTwiceAtOnceMakesOneAccountAndNo500() throws Exception {
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(3);
        List<java.util.concurrent.Future<Integer>> asks = pool.invokeAll(java.util.Collections.nCopies(3,
                (java.util.concurrent.Callable<Integer>) () -> api.post("/api/login", Map.of("email", "admin@cortege.test")).status()));
        for (java.util.concurrent.Future<Integer> a : asks) {
            assertEquals(202, a.get(), "the same answer for each (a duplicate row was a 500)");
        }
        pool.shutdown();
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = 'admin@cortege.test'"));
    }

    @Test
    void theFirstAdminSignsInWithoutSigningUpFirst() {
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
        int before = TestMail.mailsTo("admin@cortege.test").size();
        assertEquals(202, api.post("/api/login", Map.of("email", "Admin@Cortege.test")).status());
        MimeMessage mail = TestMail.awaitMails("admin@cortege.test", before + 1).get(before);
        assertEquals("Votre lien de connexion", TestMail.subject(mail));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = 'admin@cortege.test' AND status = 'CONFIRMED'"),
                "typing the address proves nothing: the account waits for the link");
        assertEquals(0, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = 'admin@cortege.test'"));
        Api.Response login = api.post("/api/login/confirm", Map.of("token", TestMail.token(mail)));
        assertEquals(200, login.status(), login.body());
        Api.Response me = api.get("/api/me", "Cookie", login.sessionCookie());
        assertTrue(((List<?>) me.get("roles")).contains("admin"), me.body());
        assertEquals(1, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = 'admin@cortege.test'"),
                "the account says where it came from");
        // an address that is not configured gets nothing (same answer)
        String stranger = newEmail();
        assertEquals(202, api.post("/api/login", Map.of("email", stranger)).status());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", stranger));
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
    }

    @Test
    void theSixDigitCodeWorksInsteadOfTheLink() {
        String email = newEmail();
        confirmedSupporter(email);
        api.post("/api/login", Map.of("email", email.toUpperCase()));
        String code = TestMail.code(TestMail.awaitMails(email, 2).get(1));
        Api.Response login = api.post("/api/login/confirm", Map.of("email", email, "code", code));
        assertEquals(200, login.status(), login.body());
        assertEquals(email, login.get("email"));
    }

    @Test
    void wrongCodesAreCountedAndTheFifthClosesTheLogin() {
        String email = newEmail();
        confirmedSupporter(email);
        api.post("/api/login", Map.of("email", email));
        String code = TestMail.code(TestMail.awaitMails(email, 2).get(1));
        String wrong = code.equals("000000") ? "111111" : "000000";
        for (int i = 0; i < 5; i++) {
            Api.Response r = api.post("/api/login/confirm", Map.of("email", email, "code", wrong));
            assertEquals(400, r.status());
            assertEquals("Ce code est incorrect ou a expiré.", r.fieldError("code").orElseThrow());
        }
        assertEquals(400, api.post("/api/login/confirm", Map.of("email", email, "code", code)).status(),
                "after five wrong guesses even the right code is refused");
    }

    @Test
    void anUnknownAddressGetsTheSameAnswerAndNoMail() {
        String email = newEmail();
        Api.Response r = api.post("/api/login", Map.of("email", email));
        assertEquals(202, r.status());
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email));
        Api.Response code = api.post("/api/login/confirm", Map.of("email", email, "code", "123456"));
        assertEquals(400, code.status());
    }

    @Test
    void aPendingSignupIsConfirmedByLoggingIn() {
        String email = newEmail();
        api.post("/api/signup", signupBody(email));
        TestMail.awaitMail(email);
        api.post("/api/login", Map.of("email", email));
        Api.Response login = api.post("/api/login/confirm", Map.of("token", TestMail.token(TestMail.awaitMails(email, 2).get(1))));
        assertEquals(200, login.status());
        assertEquals("CONFIRMED", string("SELECT status FROM person WHERE email = ?", email));
    }

    @Test
    void aBannedPersonCanNeitherLogInNorSignUpAgain() {
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        update("UPDATE person SET status = 'BANNED' WHERE email = ?", email);
        assertEquals(401, api.get("/api/me", "Cookie", cookie).status(), "a ban ends the sessions' use at once");
        assertEquals(202, api.post("/api/login", Map.of("email", email)).status());
        assertEquals(202, api.post("/api/signup", signupBody(email)).status());
        TestMail.sleep(400);
        assertEquals(1, TestMail.mailsTo(email).size(), "no mail after the ban");
    }

    @Test
    void sessionSaysWhoIsSignedInWithoutAnError() {
        Api.Response anonymous = api.get("/api/session");
        assertEquals(200, anonymous.status());
        assertEquals(false, anonymous.get("authenticated"));
        String email = newEmail();
        Api.Response signedIn = api.get("/api/session", "Cookie", confirmedSupporter(email));
        assertEquals(true, signedIn.get("authenticated"));
        assertEquals(email, ((Map<?, ?>) signedIn.get("me")).get("email"));
        assertEquals("no-store", signedIn.headers().get("Cache-Control"));
    }

    @Test
    void meNeedsASession() {
        Api.Response r = api.get("/api/me");
        assertEquals(401, r.status());
        assertEquals("application/problem+json", r.contentType());
        assertEquals("Vous devez vous connecter pour faire cela.", r.get("detail"));
        assertEquals(401, api.get("/api/me", "Cookie", "cortege_session=forged").status());
    }

    @Test
    void logoutEndsThisSessionAndLogoutEverywhereEndsThemAll() {
        String email = newEmail();
        String first = confirmedSupporter(email);
        api.post("/api/login", Map.of("email", email));
        String second = api.post("/api/login/confirm", Map.of("token", TestMail.token(TestMail.awaitMails(email, 2).get(1)))).sessionCookie();
        api.post("/api/login", Map.of("email", email));
        String third = api.post("/api/login/confirm", Map.of("token", TestMail.token(TestMail.awaitMails(email, 3).get(2)))).sessionCookie();

        Api.Response logout = api.post("/api/logout", Map.of(), "Cookie", first);
        assertEquals(204, logout.status());
        assertTrue(logout.setCookieHeader().contains("Max-Age=0"), logout.setCookieHeader());
        assertEquals(401, api.get("/api/me", "Cookie", first).status());
        assertEquals(200, api.get("/api/me", "Cookie", second).status());

        assertEquals(204, api.post("/api/logout", Map.of("everywhere", true), "Cookie", second).status());
        assertEquals(401, api.get("/api/me", "Cookie", second).status());
        assertEquals(401, api.get("/api/me", "Cookie", third).status());
    }

    @Test
    void aSupporterEditsTheirProfile() {
        String cookie = confirmedSupporter(newEmail());
        Map<String, Object> patch = new HashMap<>();
        patch.put("firstName", "  Zoé   Anne ");
        patch.put("postalCode", "97400");
        patch.put("phone", "");
        patch.put("interests", List.of("sante"));
        Api.Response r = api.patch("/api/me", patch, "Cookie", cookie);
        assertEquals(200, r.status(), r.body());
        assertEquals("Zoé Anne", r.get("firstName"));
        assertEquals("974", r.get("departement"));
        assertEquals("Saint-Denis", r.get("commune"));
        assertEquals(null, r.get("phone"));
        assertEquals(List.of("sante"), r.get("interests"));
        assertEquals("Martin-N’Diaye", r.get("lastName"), "absent fields keep their value");
    }

    @Test
    void aBadProfileChangeChangesNothing() {
        String cookie = confirmedSupporter(newEmail());
        Map<String, Object> patch = new HashMap<>();
        patch.put("firstName", "Nouveau");
        patch.put("postalCode", "00000");
        Api.Response r = api.patch("/api/me", patch, "Cookie", cookie);
        assertEquals(400, r.status());
        assertTrue(r.fieldError("postalCode").isPresent());
        Api.Response me = api.get("/api/me", "Cookie", cookie);
        assertEquals("Zoé", me.get("firstName"));
        assertEquals("13001", me.get("postalCode"));
        assertEquals(401, api.patch("/api/me", patch).status());
    }
}
