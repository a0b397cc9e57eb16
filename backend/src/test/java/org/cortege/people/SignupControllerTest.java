package org.cortege.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import jakarta.mail.internet.MimeMessage;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@AppTest
class SignupControllerTest extends ApiTest {

    @Test
    void signupMailsALinkThatConfirmsOpensASessionAndCounts() {
        long before = ((Number) api.get("/api/counters").get("supporters")).longValue();
        String email = newEmail();

        Api.Response signup = api.post("/api/signup", signupBody(email));
        assertEquals(202, signup.status(), signup.body());
        assertEquals("PENDING", string("SELECT status FROM person WHERE email = ?", email));
        assertEquals(before, ((Number) api.get("/api/counters").get("supporters")).longValue(), "pending people do not count");

        MimeMessage mail = TestMail.awaitMail(email);
        assertEquals("Confirmez votre soutien", TestMail.subject(mail));
        assertTrue(TestMail.textPart(mail).contains("Bonjour Zoé"));
        assertTrue(TestMail.htmlPart(mail).contains("Confirmer mon soutien"));

        Api.Response confirm = api.post("/api/signup/confirm", Map.of("token", TestMail.token(mail)));
        assertEquals(200, confirm.status(), confirm.body());
        assertEquals(email, confirm.get("email"));
        String setCookie = confirm.setCookieHeader();
        assertTrue(setCookie.toLowerCase().contains("httponly"), setCookie);
        assertTrue(setCookie.toLowerCase().contains("samesite=lax"), setCookie);
        assertFalse(setCookie.contains("Secure"), "plain-HTTP public URL: no Secure flag, or the browser drops the cookie");

        Api.Response me = api.get("/api/me", "Cookie", confirm.sessionCookie());
        assertEquals(200, me.status());
        assertEquals("Zoé", me.get("firstName"));
        assertEquals("13201", me.get("inseeCode"), "13001 is Marseille's 1st arrondissement");
        assertEquals("13", me.get("departement"));
        assertEquals(List.of("ecologie", "logement"), me.get("interests"));
        assertEquals(before + 1, ((Number) api.get("/api/counters").get("supporters")).longValue());
        assertEquals("CONFIRMED", string("SELECT status FROM person WHERE email = ?", email));
    }

    @Test
    void consentIsStoredWithItsWordingVersionAndTime() {
        String email = newEmail();
        api.post("/api/signup", signupBody(email), "Accept-Language", "en-GB,en;q=0.9");
        String wording = string("SELECT c.wording FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ?", email);
        assertTrue(wording.startsWith("I agree that the movement stores my information"), wording);
        assertEquals("2026-11", string("SELECT c.version FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ?", email));
        assertNotNull(string("SELECT c.given_at FROM consent c JOIN person p ON p.id = c.person_id WHERE p.email = ?", email));
        assertEquals("Confirm your support", TestMail.subject(TestMail.awaitMail(email)));
    }

    @Test
    void aConfirmationLinkWorksOnce() {
        String email = newEmail();
        api.post("/api/signup", signupBody(email));
        String token = TestMail.token(TestMail.awaitMail(email));
        assertEquals(200, api.post("/api/signup/confirm", Map.of("token", token)).status());

        Api.Response replay = api.post("/api/signup/confirm", Map.of("token", token));
        assertEquals(400, replay.status());
        assertEquals("urn:cortege:problem:invalid-token", replay.get("type"));
        assertTrue(((String) replay.get("detail")).contains("n’est plus valable"), replay.body());
    }

    @Test
    void anExpiredLinkIsRefusedAndTheSupporterStaysPending() {
        String email = newEmail();
        api.post("/api/signup", signupBody(email));
        String token = TestMail.token(TestMail.awaitMail(email));
        update("UPDATE auth_token t JOIN person p ON p.id = t.person_id SET t.expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE p.email = ?", email);

        Api.Response confirm = api.post("/api/signup/confirm", Map.of("token", token), "Accept-Language", "en");
        assertEquals(400, confirm.status());
        assertTrue(((String) confirm.get("detail")).contains("no longer valid"), confirm.body());
        assertEquals("PENDING", string("SELECT status FROM person WHERE email = ?", email));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "short", "x'); DROP TABLE person; --", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"})
    void forgedTokensAreRefused(String token) {
        Api.Response confirm = api.post("/api/signup/confirm", Map.of("token", token));
        assertEquals(400, confirm.status(), confirm.body());
        assertEquals(Problem_JSON, confirm.contentType());
    }

    @Test
    void signingUpTwiceKeepsOnePersonAndSendsTheLinkAgainTheFirstOneStopsWorking() {
        String email = newEmail();
        assertEquals(202, api.post("/api/signup", signupBody(email)).status());
        String first = TestMail.token(TestMail.awaitMail(email));
        Map<String, Object> again = new HashMap<>(signupBody(email.toUpperCase()));
        again.put("firstName", "Autre");
        assertEquals(202, api.post("/api/signup", again).status());

        List<MimeMessage> mails = TestMail.awaitMails(email, 2);
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", email));
        assertEquals("Zoé", string("SELECT first_name FROM person WHERE email = ?", email), "a re-sign-up does not overwrite");
        assertEquals(400, api.post("/api/signup/confirm", Map.of("token", first)).status());
        assertEquals(200, api.post("/api/signup/confirm", Map.of("token", TestMail.token(mails.get(1)))).status());
    }

    @Test
    void aKnownSupporterGetsTheSameAnswerAndALoginMailSoNobodyLearnsWhoSupports() {
        String email = newEmail();
        confirmedSupporter(email);
        Api.Response again = api.post("/api/signup", signupBody(email));
        Api.Response unknown = api.post("/api/signup", signupBody(newEmail()));
        assertEquals(unknown.status(), again.status());
        assertEquals(unknown.body(), again.body());

        MimeMessage mail = TestMail.awaitMails(email, 2).get(1);
        assertEquals("Vous êtes déjà inscrit·e", TestMail.subject(mail));
        assertEquals(200, api.post("/api/login/confirm", Map.of("token", TestMail.token(mail))).status());
    }

    @Test
    void anAdminEmailGetsTheAdminRoleOnConfirmation() {
        update("DELETE FROM person WHERE email = 'admin@cortege.test'"); // tests share the database across runs
        String cookie = confirmedSupporter("admin@cortege.test");
        assertEquals(List.of("supporter", "admin"), api.get("/api/me", "Cookie", cookie).get("roles"));
        assertEquals(List.of("supporter"), api.get("/api/me", "Cookie", confirmedSupporter(newEmail())).get("roles"));
    }

    @Test
    void anUnknownPostalCodeIsAFieldErrorInTheRequestLanguageAndWritesNothing() {
        String email = newEmail();
        Map<String, Object> body = new HashMap<>(signupBody(email));
        body.put("postalCode", "99999");
        Api.Response fr = api.post("/api/signup", body);
        assertEquals(400, fr.status());
        assertEquals(Problem_JSON, fr.contentType());
        assertEquals("Ce code postal n’existe pas en France.", fr.fieldError("postalCode").orElseThrow());
        Api.Response en = api.post("/api/signup", body, "Accept-Language", "en-US,en;q=0.8");
        assertEquals("This postal code does not exist in France.", en.fieldError("postalCode").orElseThrow());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", email));
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email));
    }

    @Test
    void everyBadFieldIsNamedWithItsOwnMessage() {
        Map<String, Object> body = new HashMap<>();
        body.put("email", "not-an-email");
        body.put("firstName", "<script>alert(1)</script>");
        body.put("lastName", "x".repeat(101));
        body.put("postalCode", "13001");
        body.put("phone", "call me maybe");
        body.put("birthDate", "17/05/1990");
        body.put("consent", false);
        Api.Response r = api.post("/api/signup", body);
        assertEquals(400, r.status(), r.body());
        assertEquals("urn:cortege:problem:validation", r.get("type"));
        assertEquals("Adresse e-mail invalide.", r.fieldError("email").orElseThrow());
        assertTrue(r.fieldError("firstName").orElseThrow().contains("lettres"));
        assertTrue(r.fieldError("lastName").isPresent());
        assertEquals("Numéro de téléphone invalide.", r.fieldError("phone").orElseThrow());
        assertTrue(r.fieldError("birthDate").isPresent());
        assertEquals("Votre accord est nécessaire pour vous inscrire.", r.fieldError("consent").orElseThrow());
        assertFalse(r.body().contains("<script>"), "the problem never echoes the input");
    }

    @Test
    void missingFieldsAreRequired() {
        Api.Response r = api.post("/api/signup", Map.of("email", newEmail()));
        assertEquals(400, r.status(), r.body());
        assertEquals("Ce champ est obligatoire.", r.fieldError("firstName").orElseThrow());
        assertEquals("Ce champ est obligatoire.", r.fieldError("postalCode").orElseThrow());
        assertTrue(r.fieldError("consent").isPresent());
    }

    @Test
    void tooYoungUnknownInterestAndChangedConsentAreRefused() {
        Map<String, Object> young = new HashMap<>(signupBody(newEmail()));
        young.put("birthDate", java.time.LocalDate.now().minusYears(10).toString());
        assertEquals("Il faut avoir au moins 15 ans pour s’inscrire.", api.post("/api/signup", young).fieldError("birthDate").orElseThrow());

        Map<String, Object> interest = new HashMap<>(signupBody(newEmail()));
        interest.put("interests", List.of("ecologie", "bitcoin"));
        assertEquals("Thème inconnu.", api.post("/api/signup", interest).fieldError("interests").orElseThrow());

        Map<String, Object> consent = new HashMap<>(signupBody(newEmail()));
        consent.put("consentVersion", "2019-01");
        assertTrue(api.post("/api/signup", consent).fieldError("consent").orElseThrow().contains("a changé"));
    }

    @Test
    void malformedJsonWrongMediaTypeAndHugeBodiesGetProblems() {
        Api.Response malformed = api.post("/api/signup", "{\"email\": ");
        assertEquals(400, malformed.status());
        assertEquals(Problem_JSON, malformed.contentType());
        assertEquals("La requête est mal formée : le corps doit être un document JSON valide.".replace(" :", "\u00a0:"),
                malformed.get("detail"));

        Api.Response notJson = api.exchange(HttpRequest.POST("/api/signup", "email=a").contentType(MediaType.TEXT_PLAIN_TYPE));
        assertEquals(415, notJson.status(), notJson.body());
        assertEquals(Problem_JSON, notJson.contentType());

        String huge = "{\"email\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
        Api.Response tooLarge = api.post("/api/signup", huge);
        assertEquals(413, tooLarge.status());
        assertEquals(Problem_JSON, tooLarge.contentType());

        Api.Response wrongType = api.post("/api/signup", "{\"email\": 12, \"consent\": \"maybe\", \"interests\": \"x\"}");
        assertEquals(400, wrongType.status(), wrongType.body());
    }

    @Test
    void aBodyThatIsNotAnObjectIsMalformedNotAFieldError() {
        for (String body : new String[] {"[]", "null", "\"x\"", "42"}) {
            Api.Response r = api.post("/api/signup", body);
            assertEquals(400, r.status(), body);
            assertTrue(r.errors().isEmpty(), body + " → " + r.body());
        }
    }

    @Test
    void tooManyInterestsIsCountedInItemsNotCharacters() {
        Map<String, Object> body = new HashMap<>(signupBody(newEmail()));
        body.put("interests", java.util.Collections.nCopies(31, "ecologie"));
        assertEquals("Entre 0 et 30 éléments.", api.post("/api/signup", body).fieldError("interests").orElseThrow());
    }

    @Test
    void unknownRoutesAndMethodsAreProblemsToo() {
        Api.Response notFound = api.get("/api/nope");
        assertEquals(404, notFound.status());
        assertEquals(Problem_JSON, notFound.contentType());
        Api.Response method = api.get("/api/signup");
        assertEquals(405, method.status());
        assertEquals(Problem_JSON, method.contentType());
    }

    static final String Problem_JSON = "application/problem+json";
}
