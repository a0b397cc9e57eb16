package org.cortege.privacy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import jakarta.mail.internet.MimeMessage;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/** Inactive contacts are told, then erased if they stay inactive; active ones and admins are kept; admins get a report. */
@AppTest
class InactiveContactsTest extends ApiTest {

    @Inject
    InactiveContacts job;

    private String contact(String first, Instant lastActive) {
        Instant created = Instant.now().minus(2000, ChronoUnit.DAYS);
        return insertContact(first, unique("Dormant"), LocalDate.of(1970, 5, 6), "69003", "69383", "Lyon", "69", 45.76, 4.85,
                "CONFIRMED", "signup", created, lastActive, true);
    }

    private String emailOf(String publicId) {
        return string("SELECT email FROM person WHERE public_id = ?", publicId);
    }

    @Test
    void inactivePeopleAreToldThenErasedUnlessTheyComeBack() throws Exception {
        String admin = freshAdmin();
        update("UPDATE person SET last_active_at = NOW(6) - INTERVAL 2000 DAY, created_at = NOW(6) - INTERVAL 2000 DAY, "
                + "confirmed_at = NOW(6) - INTERVAL 2000 DAY WHERE email = 'admin@cortege.test'");
        // Earlier tests' people, in the same database, are left out of this one's counts.
        update("UPDATE person SET last_active_at = NOW(6) WHERE email <> 'admin@cortege.test'");
        String sleeper = contact("Dormeur", Instant.now().minus(1200, ChronoUnit.DAYS));
        String returning = contact("Revenant", Instant.now().minus(1200, ChronoUnit.DAYS));
        String recent = contact("Actif", Instant.now().minus(30, ChronoUnit.DAYS));
        int adminMails = TestMail.mailsTo("admin@cortege.test").size();

        InactiveContacts.Report first = job.run();
        assertEquals(2, first.notified());
        assertEquals(0, first.erased());
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE public_id = ? AND retention_notice_at IS NOT NULL", sleeper));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE public_id = ? AND retention_notice_at IS NOT NULL", recent));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = 'admin@cortege.test' AND retention_notice_at IS NOT NULL"),
                "admins are left alone");
        MimeMessage notice = TestMail.awaitMails(emailOf(sleeper), 1).get(0);
        assertTrue(notice.getSubject().startsWith("Votre compte sera effacé le "), notice.getSubject());
        assertTrue(TestMail.textPart(notice).contains("/connexion"));
        MimeMessage report = TestMail.awaitMails("admin@cortege.test", adminMails + 1).get(adminMails);
        assertTrue(report.getSubject().contains("2 personnes prévenues, 0 effacées"), report.getSubject());
        assertFalse(TestMail.textPart(report).contains(emailOf(sleeper)), "the report names nobody");

        // A second pass the same day changes nothing.
        assertEquals(new InactiveContacts.Report(0, 0, 0), job.run());

        // The notice period ends for both; one of them signed in ten days after being told.
        update("UPDATE person SET retention_notice_at = NOW(6) - INTERVAL 31 DAY WHERE public_id IN (?, ?)", sleeper, returning);
        update("UPDATE person SET last_active_at = NOW(6) - INTERVAL 21 DAY WHERE public_id = ?", returning);
        InactiveContacts.Report second = job.run();
        assertEquals(1, second.erased());
        assertEquals(1, second.backInAction());
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE public_id = ?", sleeper));
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE public_id = ? AND retention_notice_at IS NULL", returning));
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'person.erase' AND target_id = ? "
                + "AND reason = 'inactive past the retention period'", sleeper));
        assertEquals(200, api.get("/api/admin/access-log", "Cookie", admin).status());
    }

    @Test
    void onlyOneNodeTakesTheDailyRun() {
        update("DELETE FROM job_run WHERE name = 'inactive-contacts'");
        assertTrue(job.claimDailyRun(), "the first node to ask takes today's run");
        assertFalse(job.claimDailyRun(), "a second node (or the same, an hour later) does not");
        update("UPDATE job_run SET started_at = NOW(6) - INTERVAL 24 HOUR WHERE name = 'inactive-contacts'");
        assertTrue(job.claimDailyRun(), "the next day, it runs again");
    }
}
