package org.cortege.referrals;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * Who brought whom, through the API and a real database: a supporter's share code, sign-ups credited at
 * the first and the last touch once confirmed, campaign tags kept, the attacks of a hostile visitor (a
 * forged or foreign code, markup in a tag, a known address) and of a curious referrer (who came?).
 */
@AppTest
class ReferralTest extends ApiTest {

    private static final String ALPHABET = "[23456789abcdefghjkmnpqrstuvwxyz]{8}";

    @Test
    void aSupporterHasOneShareCodeOfTheirOwnThatSaysNothingAboutThem() {
        SignedIn zoe = aConfirmedSupporter();
        Api.Response first = api.get("/api/me/referral", "Cookie", zoe.cookie());
        assertEquals(200, first.status(), first.body());
        assertEquals("no-store", first.headers().get("Cache-Control"));
        String code = (String) first.get("code");
        assertTrue(code.matches(ALPHABET), code);
        assertEquals(publicUrl() + "/?ref=" + code, first.get("link"));
        assertEquals(0, ((Number) first.get("brought")).intValue());
        assertEquals(code, api.get("/api/me/referral", "Cookie", zoe.cookie()).get("code"), "the same code at every ask");
        assertFalse(code.equalsIgnoreCase(zoe.publicId()) || zoe.publicId().contains(code), "not the person's public id");
        assertNotEquals(code, api.get("/api/me/referral", "Cookie", aConfirmedSupporter().cookie()).get("code"));
        assertEquals(401, api.get("/api/me/referral").status(), "a visitor has no share code");
    }

    @Test
    void aFriendCountsOnceTheirAddressIsProvenAndOnlyThen() {
        SignedIn zoe = aConfirmedSupporter();
        String code = codeOf(zoe);
        String email = newEmail();
        Map<String, Object> body = signupBody(email);
        body.put("source", source(code, code, "whatsapp", "partage", "rentree-2026"));
        assertEquals(202, api.post("/api/signup", body).status());
        assertEquals(0, brought(zoe), "a pending sign-up is not credited (anyone can type an address)");
        assertEquals(1, count("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.email = ? "
                + "AND s.utm_source = 'whatsapp' AND s.utm_medium = 'partage' AND s.utm_campaign = 'rentree-2026'", email));

        Api.Response confirmed = api.post("/api/signup/confirm", Map.of("token", TestMail.token(TestMail.awaitMails(email, 1).get(0))));
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals(1, brought(zoe));
        Map<String, Object> mine = api.get("/api/me/referral", "Cookie", zoe.cookie()).map();
        assertEquals(List.of("brought", "code", "link"), mine.keySet().stream().sorted().toList(), "a count, never who");
        // The friend is not told whose link it was.
        Api.Response friendsView = api.get("/api/me", "Cookie", confirmed.sessionCookie());
        assertFalse(friendsView.body().contains(code) || friendsView.body().contains(zoe.email()), friendsView.body());
    }

    @Test
    void theFirstAndTheLastLinkOfAVisitAreBothCredited() {
        SignedIn first = aConfirmedSupporter();
        SignedIn last = aConfirmedSupporter();
        SignedIn bystander = aConfirmedSupporter();
        codeOf(bystander);
        Map<String, Object> body = signupBody(newEmail());
        body.put("source", source(codeOf(first), codeOf(last), null, null, null));
        confirmedSupporter(body);
        assertEquals(1, brought(first));
        assertEquals(1, brought(last));
        assertEquals(0, brought(bystander));
    }

    @Test
    void anUnknownCodeCreditsNobodyAndTheSignUpGoesThrough() {
        String email = newEmail();
        Map<String, Object> body = signupBody(email);
        body.put("source", source("zzzzzzzz", null, "affiche", null, null));
        confirmedSupporter(body);
        assertEquals(1, count("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.email = ? "
                + "AND s.first_referrer_id IS NULL AND s.last_referrer_id IS NULL AND s.utm_source = 'affiche'", email));
    }

    @Test
    void aKnownAddressSigningUpAgainThroughALinkCreditsNobody() {
        SignedIn zoe = aConfirmedSupporter();
        SignedIn known = aConfirmedSupporter();
        Map<String, Object> again = signupBody(known.email());
        again.put("source", source(codeOf(zoe), codeOf(zoe), null, null, null));
        assertEquals(202, api.post("/api/signup", again).status(), "the same answer as for a new address");
        assertEquals(0, brought(zoe), "a supporter cannot collect credits by pasting their friends' known addresses");
        assertEquals(0, count("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.email = ?", known.email()));
    }

    @Test
    void aForgedSourceIsRefusedWithASentenceAndNothingIsStored() {
        String email = newEmail();
        for (Map<String, Object> source : List.of(source("ABC<svg>", null, null, null, null),
                source(null, "abcdefghi", null, null, null),
                source(null, null, "<script>alert(1)</script>", null, null),
                source(null, null, null, "tab\there", null),
                source(null, null, null, null, "x".repeat(101)))) {
            Map<String, Object> body = signupBody(email);
            body.put("source", source);
            Api.Response r = api.post("/api/signup", body, "Accept-Language", "fr");
            assertEquals(400, r.status(), r.body());
            assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
            String field = source.keySet().iterator().next();
            assertTrue(r.fieldError("source." + field).isPresent(), r.body());
            assertTrue(r.body().contains("Ce code de partage n’est pas valide") || r.body().contains("étiquette de campagne")
                    || r.body().contains("caractères"), r.body());
        }
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", email));
        Map<String, Object> english = signupBody(email);
        english.put("source", source("ABC<svg>", null, null, null, null));
        assertTrue(api.post("/api/signup", english, "Accept-Language", "en").body().contains("This share code is not valid"));
    }

    @Test
    void aRefusedSignUpLeavesTheReferrersCountAlone() {
        SignedIn zoe = aConfirmedSupporter();
        Map<String, Object> body = signupBody(newEmail());
        body.put("postalCode", "00000");
        body.put("source", source(codeOf(zoe), codeOf(zoe), "tract", null, null));
        assertEquals(400, api.post("/api/signup", body).status());
        assertEquals(0, count("SELECT COUNT(*) FROM signup_source WHERE first_referrer_id = (SELECT id FROM person WHERE email = ?)", zoe.email()));
    }

    private String codeOf(SignedIn who) {
        return (String) api.get("/api/me/referral", "Cookie", who.cookie()).get("code");
    }

    private int brought(SignedIn who) {
        return ((Number) api.get("/api/me/referral", "Cookie", who.cookie()).get("brought")).intValue();
    }

    private static Map<String, Object> source(String firstRef, String lastRef, String utmSource, String utmMedium, String utmCampaign) {
        Map<String, Object> s = new LinkedHashMap<>();
        if (firstRef != null) {
            s.put("firstRef", firstRef);
        }
        if (lastRef != null) {
            s.put("lastRef", lastRef);
        }
        if (utmSource != null) {
            s.put("utmSource", utmSource);
        }
        if (utmMedium != null) {
            s.put("utmMedium", utmMedium);
        }
        if (utmCampaign != null) {
            s.put("utmCampaign", utmCampaign);
        }
        return s;
    }
}
