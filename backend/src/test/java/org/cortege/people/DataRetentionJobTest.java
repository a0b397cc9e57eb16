package org.cortege.people;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import org.cortege.maintenance.DataRetentionJob;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

@AppTest
class DataRetentionJobTest extends ApiTest {

    @Inject
    DataRetentionJob job;

    @Test
    void unconfirmedSignupsAreErasedAfterThirtyDaysWithTheirMailsConfirmedOnesStay() {
        String stale = newEmail();
        String fresh = newEmail();
        String confirmed = newEmail();
        api.post("/api/signup", signupBody(stale));
        api.post("/api/signup", signupBody(fresh));
        confirmedSupporter(confirmed);
        TestMail.awaitMail(stale);
        update("UPDATE person SET created_at = NOW(6) - INTERVAL 31 DAY WHERE email IN (?, ?)", stale, confirmed);

        DataRetentionJob.Report report = job.run();

        assertTrue(report.unconfirmedPeople() >= 1);
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE email = ?", stale));
        assertEquals(0, count("SELECT COUNT(*) FROM consent c LEFT JOIN person p ON p.id = c.person_id WHERE p.id IS NULL"));
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", stale));
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", fresh));
        assertEquals(1, count("SELECT COUNT(*) FROM person WHERE email = ?", confirmed));
    }

    @Test
    void oldSentMailsAndExpiredSessionsGo() {
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        update("UPDATE mail_outbox SET created_at = NOW(6) - INTERVAL 8 DAY WHERE recipient = ?", email);
        update("UPDATE user_session s JOIN person p ON p.id = s.person_id SET s.expires_at = NOW(6) - INTERVAL 1 MINUTE WHERE p.email = ?", email);
        job.run();
        assertEquals(0, count("SELECT COUNT(*) FROM mail_outbox WHERE recipient = ?", email));
        assertEquals(0, count("SELECT COUNT(*) FROM user_session s JOIN person p ON p.id = s.person_id WHERE p.email = ?", email));
        assertEquals(401, api.get("/api/me", "Cookie", cookie).status());
    }

    @Test
    void theAccessLogKeepsStaffReadsAYearAndModerationDecisionsLonger() {
        String target = "t" + Long.toString(System.nanoTime(), 36);
        String insert = "INSERT INTO audit_log (action, target_type, target_id, reason, created_at) VALUES (?, 'person', ?, 'test', "
                + "NOW(6) - INTERVAL ? DAY)";
        update(insert, "person.view", target, 400);
        update(insert, "people.search", target, 370);
        update(insert, "person.view", target, 300);
        update(insert, "person.ban", target, 400);
        DataRetentionJob.Report report = job.run();
        assertTrue(report.accessLog() >= 2, report.toString());
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND created_at < NOW(6) - INTERVAL 365 DAY "
                + "AND action IN ('person.view', 'people.search')", target), "staff reads past a year are gone");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action = 'person.view'", target),
                "the read of 300 days ago stays");
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE target_id = ? AND action = 'person.ban'", target),
                "a moderation decision is not an access-log entry: it stays");
    }
}
