package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.util.Map;
import org.cortege.people.PersonService;
import org.cortege.people.SecondFactorService;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * {@code CORTEGE_STAFF_TWO_FACTOR=required}, as the production compose file ships: no staff page and
 * no admin power without an app, and setting one up takes a permit an admin hands over outside the
 * mailbox, so that whoever reads a staff member's mail cannot enrol their own phone.
 */
@AppTest
class SecondFactorRequiredTest extends ApiTest {

    @Inject
    SecondFactorService secondFactors;

    @Inject
    PersonService people;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.staff.second-factor", "required");
    }

    /** Sets up the app of the holder of {@code cookie} with a permit; returns the new session cookie and the key. */
    private String[] enrol(String cookie, String permit) {
        Api.Response setup = api.post("/api/me/second-factor/setup", Map.of("permit", permit), "Cookie", cookie);
        assertEquals(200, setup.status(), setup.body());
        String secret = (String) setup.get("secret");
        Api.Response confirmed = api.post("/api/me/second-factor/confirm", Map.of("code", SecondFactorTest.totp(secret, 0), "permit", permit),
                "Cookie", cookie);
        assertEquals(200, confirmed.status(), confirmed.body());
        return new String[] {confirmed.sessionCookie(), secret};
    }

    @Test
    void staffEnrolWithAPermitHandedOverOutsideTheMailbox() {
        String admin = freshAdmin();
        Api.Response refused = api.get("/api/admin/me", "Cookie", admin);
        assertEquals(403, refused.status());
        assertTrue(refused.body().contains("second-factor-enrolment") && refused.body().contains("Sécurité du compte"), refused.body());
        assertEquals(403, api.get("/api/admin/reports", "Cookie", admin).status(), "no admin power either");
        assertEquals(true, api.get("/api/me/second-factor", "Cookie", admin).get("permitNeeded"));

        // With only the mailbox: no way to enrol one's own phone.
        Api.Response noPermit = api.post("/api/me/second-factor/setup", Map.of(), "Cookie", admin);
        assertEquals(400, noPermit.status());
        assertTrue(noPermit.fieldError("permit").orElseThrow().contains("code d’activation"), noPermit.body());
        assertEquals(400, api.post("/api/me/second-factor/setup", Map.of("permit", "abcde-fghjk-mnpqr"), "Cookie", admin).status());

        // The operator's command line gives the first admin a permit (create-admin prints it).
        String permit = secondFactors.issuePermit(people.findByEmail("admin@cortege.test").orElseThrow(), null);
        admin = enrol(admin, permit)[0];
        assertEquals(200, api.get("/api/admin/me", "Cookie", admin).status());
        assertEquals(0, count("SELECT COUNT(*) FROM person_second_factor_permit p JOIN person x ON x.id = p.person_id WHERE x.email = ?",
                "admin@cortege.test"), "a permit works once");

        // The admin gives an organizer theirs (to hand over in person); the organizer cannot give one.
        SignedIn organizer = anOrganizer(admin, "13");
        assertEquals(403, api.get("/api/admin/me", "Cookie", organizer.cookie()).status());
        assertEquals(403, api.post("/api/admin/people/" + organizer.publicId() + "/second-factor-permit", Map.of(), "Cookie",
                organizer.cookie()).status());
        Api.Response issued = api.post("/api/admin/people/" + organizer.publicId() + "/second-factor-permit", Map.of(), "Cookie", admin);
        assertEquals(200, issued.status(), issued.body());
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.secondFactorPermit' AND target_id = ?",
                organizer.publicId()), "logged");
        String organizerCookie = enrol(organizer.cookie(), (String) issued.get("code"))[0];
        assertEquals(200, api.get("/api/admin/me", "Cookie", organizerCookie).status());
    }
}
