package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.RawHttp;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Reading people in bulk leaves a trace and has a ceiling; sign-in codes cannot be guessed across
 * many addresses; asking codes for someone cannot lock them out (issue 12, points 6 and 7).
 */
@AppTest
class BulkReadingAndCodeGuessingTest extends ApiTest {

    /** Instance-wide buckets outlive a run by an hour: a period of its own makes this run's keys new. */
    private static final String RUN_PERIOD = (3600 + ThreadLocalRandom.current().nextInt(1, 500_000)) + "s";

    private String admin;
    private String organizer;
    private long organizerId;
    private String organizerPublicId;
    private final String readName = "EnMasse" + java.util.UUID.randomUUID().toString().substring(0, 8);

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.rate-limits.staff-read-per-person", "8/1h",
                "cortege.rate-limits.login-code-failures-per-ip", "3/1h",
                "cortege.rate-limits.login-code-failures", "5/" + RUN_PERIOD,
                "cortege.rate-limits.login-code-alert", "1/" + RUN_PERIOD);
    }

    @BeforeAll
    void staff() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
        SignedIn o = anOrganizer(admin, "13");
        organizer = o.cookie();
        organizerId = count("SELECT id FROM person WHERE email = ?", o.email());
        organizerPublicId = o.publicId();
        insertContact("Lue", readName, LocalDate.of(1980, 1, 1), "13001", "13201", "Marseille 1er", "13", 43.3, 5.38, "CONFIRMED",
                "signup", Instant.now(), null, true);
    }

    @Test
    void everyPageOfTheContactTableIsLoggedDeepPagingIsRefusedAndReadingIsRateLimited() {
        long before = count("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'people.search'", organizerId);
        Api.Response page = api.post("/api/admin/people/search", Map.of("q", readName, "page", 1, "size", 50), "Cookie", organizer);
        assertEquals(200, page.status(), page.body());
        assertEquals(before + 1, count("SELECT COUNT(*) FROM audit_log WHERE actor_id = ? AND action = 'people.search'", organizerId));
        String logged = string("SELECT reason FROM audit_log WHERE actor_id = ? AND action = 'people.search' ORDER BY id DESC LIMIT 1",
                organizerId);
        assertTrue(logged.startsWith("« " + readName + " »") && logged.endsWith(" · 1–1 / 1"), logged);
        Map<String, Object> accessLog = api.get("/api/admin/access-log?actor=" + organizerPublicId, "Cookie", admin).map();
        assertTrue(accessLog.toString().contains("people.search"), "admins see it in the access log: " + accessLog);

        Api.Response deep = api.post("/api/admin/people/search", Map.of("page", 11, "size", 200), "Cookie", organizer);
        assertEquals(400, deep.status(), deep.body());
        assertTrue(deep.body().contains("exportez la sélection"), deep.body());

        int refused = 0;
        for (int i = 0; i < 10; i++) {
            if (api.post("/api/admin/people/search", Map.of("page", 1, "size", 10), "Cookie", organizer).status() == 429) {
                refused++;
            }
        }
        assertTrue(refused >= 3, "a staff member reading past the hourly limit waits: " + refused);
    }

    private int code(String from, String email, String code) {
        return RawHttp.post(from, embeddedPort(), "/api/login/confirm", "{\"email\":\"" + email + "\",\"code\":\"" + code + "\"}", Map.of());
    }

    @Test
    void wrongCodesAreLimitedPerAddressAndOnTheInstanceAndTheAdminsAreTold() {
        String guesser = RawHttp.newLoopback();
        for (int i = 0; i < 3; i++) {
            assertEquals(400, code(guesser, newEmail(), "123456"), "one try per address stays under every per-address limit");
        }
        String victim = newEmail();
        confirmedSupporter(victim);
        int mails = TestMail.mailsTo(victim).size();
        assertEquals(202, api.post("/api/login", Map.of("email", victim)).status());
        String realCode = TestMail.code(TestMail.awaitMails(victim, mails + 1).get(mails));
        assertEquals(429, code(guesser, victim, realCode), "this address is past its wrong-code limit, even with a right code");

        int adminMails = TestMail.mailsTo("admin@cortege.test").size();
        String other = RawHttp.newLoopback();
        assertEquals(400, code(other, newEmail(), "654321"));
        assertEquals(400, code(other, newEmail(), "654321"));
        assertEquals(429, code(RawHttp.newLoopback(), victim, realCode), "the instance is past its limit: codes wait");
        var alert = TestMail.awaitMails("admin@cortege.test", adminMails + 1).get(adminMails);
        assertTrue(TestMail.subject(alert).startsWith("Alerte"), TestMail.subject(alert));
    }

    @Test
    void askingCodesForSomeoneDoesNotCancelTheLinkTheyAlreadyHave() {
        String victim = newEmail();
        confirmedSupporter(victim);
        int mails = TestMail.mailsTo(victim).size();
        assertEquals(202, api.post("/api/login", Map.of("email", victim)).status());
        String link = TestMail.token(TestMail.awaitMails(victim, mails + 1).get(mails));
        for (int i = 0; i < 4; i++) {
            api.post("/api/login", Map.of("email", victim));
        }
        TestMail.awaitMails(victim, mails + 5);
        Api.Response in = api.post("/api/login/confirm", Map.of("token", link));
        assertEquals(200, in.status(), "the first link still signs in: " + in.body());
        assertEquals(400, api.post("/api/login/confirm", Map.of("token", TestMail.token(TestMail.mailsTo(victim).get(mails + 4)))).status(),
                "once signed in, the other open links close");
    }
}
