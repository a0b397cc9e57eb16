package org.cortege.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

/**
 * A staff member who exports more people in a day than the instance's threshold (a stolen session
 * emptying the file) gets the admins told by mail, once a day; the alert is in the access log.
 */
@AppTest
class UnusualExportAlertTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.alerts.export-rows-per-day", "3");
    }

    /** The alert mail about this staff member, to whichever admins the instance has (10 s at most). */
    private static jakarta.mail.internet.MimeMessage awaitAlert(String staffId) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (System.nanoTime() < deadline) {
            for (jakarta.mail.internet.MimeMessage m : TestMail.server().getReceivedMessages()) {
                if (TestMail.subject(m).startsWith("Alerte\u00a0: export inhabituel") && TestMail.textPart(m).contains("actor=" + staffId)) {
                    return m;
                }
            }
            TestMail.sleep(100);
        }
        throw new AssertionError("no alert mail about " + staffId);
    }

    @Test
    void exportingMoreThanTheThresholdInADayAlertsTheAdminsOnce() {
        String admin = freshAdmin();
        String adminId = (String) api.get("/api/me", "Cookie", admin).get("id");
        List<String> people = new ArrayList<>();
        for (String first : List.of("Anna", "Basile")) {
            people.add(insertContact(first, unique("Exporté"), null, "13001", "13201", "Marseille 1er", "13", 43.3, 5.38,
                    "CONFIRMED", "signup", Instant.now(), null, true));
        }
        Map<String, Object> two = Map.of("selection", Map.of("people", people), "columns", List.of("email"));
        assertEquals(200, api.post("/api/admin/exports", two, "Cookie", admin).status());
        TestMail.sleep(1000);
        assertEquals(0, count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.alert' AND target_id = ?", adminId),
                "two rows: under the threshold of three");

        assertEquals(200, api.post("/api/admin/exports", two, "Cookie", admin).status());
        // the file is written as it streams out: the count, then the alert, come once its last row went
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.alert' AND target_id = ?", adminId) == 0
                && System.nanoTime() < deadline) {
            TestMail.sleep(50);
        }
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.alert' AND target_id = ? AND reason = ?", adminId,
                "4 rows in 24 hours"), "four rows in a day: the admins are told");
        jakarta.mail.internet.MimeMessage alert = awaitAlert(adminId);
        String text = TestMail.textPart(alert);
        assertTrue(text.contains("a exporté 4 fiches de contacts en 24 heures, au-delà du seuil de 3"), text);
        assertTrue(text.contains("/admin/journal-des-acces?actor=" + adminId), text);

        assertEquals(200, api.post("/api/admin/exports", two, "Cookie", admin).status());
        TestMail.sleep(1000);
        assertEquals(1, count("SELECT COUNT(*) FROM audit_log WHERE action = 'export.alert' AND target_id = ?", adminId), "once a day");
        Api.Response log = api.get("/api/admin/access-log", "Cookie", admin);
        assertTrue(log.body().contains("\"actorKind\":\"system\",") && log.body().contains("\"action\":\"export.alert\""), log.body());
    }
}
