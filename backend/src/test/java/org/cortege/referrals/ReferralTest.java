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
    void aSupporterMakesOneShareCodeOfTheirOwnThatSaysNothingAboutThemAndCanDropIt() {
        SignedIn zoe = aConfirmedSupporter();
        Api.Response none = api.get("/api/me/referral", "Cookie", zoe.cookie());
        assertEquals(200, none.status(), none.body());
        assertEquals(null, none.get("code"), "no code until the supporter asks for one: viewing pages makes none");
        assertEquals(0, count("SELECT COUNT(*) FROM referral_code c JOIN person p ON p.id = c.person_id WHERE p.email = ?", zoe.email()));
        Api.Response first = api.post("/api/me/referral", Map.of(), "Cookie", zoe.cookie());
        assertEquals(200, first.status(), first.body());
        assertEquals("no-store", first.headers().get("Cache-Control"));
        String code = (String) first.get("code");
        assertTrue(code.matches(ALPHABET), code);
        assertEquals(publicUrl() + "/?ref=" + code, first.get("link"));
        assertEquals(0, ((Number) first.get("brought")).intValue());
        assertEquals(code, api.get("/api/me/referral", "Cookie", zoe.cookie()).get("code"), "the same code at every ask");
        assertFalse(code.equalsIgnoreCase(zoe.publicId()) || zoe.publicId().contains(code), "not the person's public id");
        assertNotEquals(code, api.get("/api/me/referral", "Cookie", aConfirmedSupporter().cookie()).get("code"));
        assertEquals(code, api.post("/api/me/referral", Map.of(), "Cookie", zoe.cookie()).get("code"), "making it again keeps it");
        assertEquals(401, api.get("/api/me/referral").status(), "a visitor has no share code");
        assertEquals(401, api.post("/api/me/referral", Map.of()).status());

        // Dropped, the code credits nobody any more; a new one is another code.
        assertEquals(204, api.delete("/api/me/referral", "Cookie", zoe.cookie()).status());
        Map<String, Object> body = signupBody(newEmail());
        body.put("source", source(code, code, null, null, null));
        confirmedSupporter(body);
        assertEquals(0, brought(zoe));
        assertNotEquals(code, codeOf(zoe));
    }

    @Test
    void typingSomeoneElsesAddressWithOnesOwnCodeTellsNothingWhenTheyJoinOnTheirOwn() {
        SignedIn spy = aConfirmedSupporter();
        String target = newEmail();
        Map<String, Object> planted = signupBody(target);
        planted.put("source", source(codeOf(spy), codeOf(spy), null, null, null));
        assertEquals(202, api.post("/api/signup", planted).status());
        // Later, the target signs up by themselves (another visit, no link) and confirms with the mail of that sign-up.
        assertEquals(202, api.post("/api/signup", signupBody(target)).status());
        // The two mails may arrive in either order: the planted sign-up's link was closed by the second sign-up, so exactly one works
        // (were it the planted one, the spy would be credited below).
        List<Integer> statuses = new java.util.ArrayList<>();
        for (jakarta.mail.internet.MimeMessage mail : TestMail.awaitMails(target, 2)) {
            statuses.add(api.post("/api/signup/confirm", Map.of("token", TestMail.token(mail))).status());
        }
        assertEquals(List.of(200, 400), statuses.stream().sorted().toList());
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ? AND status = 'CONFIRMED'", target));
        assertEquals(0, brought(spy), "the spy's count does not tell them the target joined");
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
        assertEquals(List.of("answers", "brought", "code", "joins", "link"), mine.keySet().stream().sorted().toList(), "counts, never who");
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
                source(null, null, null, "isolate\u2066here", null),
                source(null, null, "lone\ud800surrogate", null, null),
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

    @Test
    void groupJoinsAndAnswersThroughALinkAreCreditedAndTheManagersSeeFirstNamesOnly() {
        SignedIn zoe = aConfirmedSupporter();
        String code = codeOf(zoe);
        GroupRef group = aGroup();
        ActionRef action = anActionOf(group);
        // Two supporters join through Zoé's link; one of them also says they come, through it.
        SignedIn first = aConfirmedSupporter();
        SignedIn second = aConfirmedSupporter();
        for (SignedIn who : List.of(first, second)) {
            Api.Response joined = api.post("/api/groups/" + group.id() + "/membership", Map.of("source", source(code, code, "tract", null, null)),
                    "Cookie", who.cookie());
            assertEquals(201, joined.status(), joined.body());
        }
        assertEquals(201, api.post("/api/occurrences/" + action.firstDate() + "/rsvp", Map.of("source", source(null, code, null, null, null)),
                "Cookie", first.cookie()).status());
        // Zoé's own link does not count for her.
        assertEquals(201, api.post("/api/groups/" + group.id() + "/membership", Map.of("source", source(code, code, null, null, null)),
                "Cookie", zoe.cookie()).status());
        Map<String, Object> mine = api.get("/api/me/referral", "Cookie", zoe.cookie()).map();
        assertEquals(2, ((Number) mine.get("joins")).intValue(), mine.toString());
        assertEquals(1, ((Number) mine.get("answers")).intValue(), mine.toString());

        // A visitor's answer through the link counts once their mailed link confirms it.
        String guest = newEmail();
        String campaign = unique("porte-a-porte-");
        assertEquals(202, api.post("/api/occurrences/" + action.firstDate() + "/guest-rsvp", Map.of("name", "Inès", "email", guest,
                "source", source(code, null, null, null, campaign))).status());
        assertEquals(1, ((Number) api.get("/api/me/referral", "Cookie", zoe.cookie()).get("answers")).intValue(), "pending: not yet");
        assertEquals(200, api.post("/api/rsvp/confirm", Map.of("token", TestMail.token(TestMail.awaitMail(guest)))).status());
        assertEquals(2, ((Number) api.get("/api/me/referral", "Cookie", zoe.cookie()).get("answers")).intValue());
        assertEquals(1, count("SELECT COUNT(*) FROM answer_source WHERE utm_campaign = ? AND confirmed_at IS NOT NULL AND through_link", campaign));

        // The group's manager sees who brings members: a first name and a count, nothing else.
        Api.Response top = api.get("/api/groups/" + group.id() + "/referrers", "Cookie", group.manager());
        assertEquals(200, top.status(), top.body());
        assertEquals("[{\"firstName\":\"Zoé\",\"members\":2}]", top.body().replace(" ", ""));
        assertFalse(top.body().contains(zoe.email()) || top.body().contains(zoe.publicId()) || top.body().contains(code), top.body());
        // A member, a manager of another group, a visitor: no.
        assertEquals(403, api.get("/api/groups/" + group.id() + "/referrers", "Cookie", first.cookie()).status());
        assertEquals(403, api.get("/api/groups/" + group.id() + "/referrers", "Cookie", aGroup().manager()).status());
        assertEquals(401, api.get("/api/groups/" + group.id() + "/referrers").status());
        assertEquals(404, api.get("/api/groups/nowhere-" + code + "/referrers", "Cookie", group.manager()).status());

        // A member who leaves takes the join's source along.
        assertEquals(204, api.delete("/api/groups/" + group.id() + "/membership", "Cookie", second.cookie()).status());
        assertEquals(1, ((Number) api.get("/api/me/referral", "Cookie", zoe.cookie()).get("joins")).intValue());
    }

    @Test
    void aForgedSourceOnAJoinOrAnAnswerIsA400AndNothingChanges() {
        GroupRef group = aGroup();
        ActionRef action = anActionOf(group);
        SignedIn who = aConfirmedSupporter();
        Api.Response join = api.post("/api/groups/" + group.id() + "/membership", Map.of("source", source("<b>hé</b>", null, null, null, null)),
                "Cookie", who.cookie(), "Accept-Language", "fr");
        assertEquals(400, join.status(), join.body());
        assertTrue(join.body().contains("Ce code de partage n’est pas valide"), join.body());
        Api.Response answer = api.post("/api/occurrences/" + action.firstDate() + "/rsvp", Map.of("source", source(null, null, "a\u0000b", null, null)),
                "Cookie", who.cookie());
        assertEquals(400, answer.status(), answer.body());
        Api.Response guest = api.post("/api/occurrences/" + action.firstDate() + "/guest-rsvp", Map.of("name", "Inès", "email", newEmail(),
                "source", source(null, null, null, null, "y".repeat(300))));
        assertEquals(400, guest.status(), guest.body());
        assertEquals(0, count("SELECT COUNT(*) FROM group_membership m JOIN person p ON p.id = m.person_id WHERE p.email = ?", who.email()));
        assertEquals(0, count("SELECT COUNT(*) FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ?", who.email()));
    }

    @Test
    @SuppressWarnings("unchecked")
    void staffFindSupportersByWhereTheyCameFromAndSeeTheCampaignsOnTheDashboard() {
        SignedIn zoe = aConfirmedSupporter();
        String campaign = unique("c-");
        Map<String, Object> throughZoe = signupBody(newEmail());
        throughZoe.put("source", source(codeOf(zoe), null, "affiche", null, campaign));
        confirmedSupporter(throughZoe);
        Map<String, Object> fromThePoster = signupBody(newEmail());
        fromThePoster.put("source", source(null, null, "affiche", null, campaign));
        confirmedSupporter(fromThePoster);
        String admin = freshAdmin();

        Map<String, Object> byCampaign = Map.of("field", "campaign", "values", List.of(campaign));
        assertEquals(2, segmentCount(admin, byCampaign));
        assertEquals(1, segmentCount(admin, Map.of("op", "and", "rules", List.of(byCampaign, Map.of("field", "referred", "value", true)))));
        assertEquals(1, segmentCount(admin, Map.of("op", "and", "rules", List.of(byCampaign, Map.of("field", "referred", "value", false)))));
        assertEquals(count("SELECT COUNT(*) FROM person p WHERE p.status <> 'BANNED' AND EXISTS (SELECT 1 FROM signup_source s "
                + "WHERE s.person_id = p.id AND s.through_link)"), segmentCount(admin, Map.of("field", "referred", "value", true)));
        Api.Response bad = api.post("/api/admin/segments/count", Map.of("rule", Map.of("field", "campaign", "values", List.of("<x>"))),
                "Cookie", admin, "Accept-Language", "fr");
        assertEquals(400, bad.status(), bad.body());
        assertEquals(400, api.post("/api/admin/segments/count", Map.of("rule", Map.of("field", "referred")), "Cookie", admin).status());

        Map<String, Object> dashboard = api.get("/api/admin/dashboard", "Cookie", admin).map();
        List<Map<String, Object>> campaigns = (List<Map<String, Object>>) dashboard.get("campaigns");
        assertTrue(campaigns.stream().anyMatch(c -> ("affiche · " + campaign).equals(c.get("key")) && ((Number) c.get("value")).intValue() == 2),
                campaigns.toString());
        assertEquals(count("SELECT COUNT(*) FROM signup_source s JOIN person p ON p.id = s.person_id WHERE p.status = 'CONFIRMED' AND s.through_link"),
                ((Number) dashboard.get("throughLinks")).longValue());
        assertEquals(403, api.get("/api/admin/dashboard", "Cookie", zoe.cookie()).status(), "a supporter sees no dashboard");
    }

    private long segmentCount(String admin, Map<String, Object> rule) {
        Api.Response r = api.post("/api/admin/segments/count", Map.of("rule", rule), "Cookie", admin);
        assertEquals(200, r.status(), r.body());
        return ((Number) r.get("count")).longValue();
    }

    private String codeOf(SignedIn who) {
        return (String) api.post("/api/me/referral", Map.of(), "Cookie", who.cookie()).get("code");
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
