package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Two app nodes on one database, as behind a load balancer: a session opened on one works on the
 * other, and the background jobs (mail outbox, reminders, imports) do each piece of work once.
 * Campaigns: CampaignTest stops a second node midway through a mailing.
 */
@AppTest
class TwoNodesTest extends ApiTest {

    private EmbeddedServer second;
    private HttpClient secondClient;
    private Api b;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.events.reminder-poll-interval", "200ms", "cortege.mail.poll-interval", "100ms");
    }

    @BeforeAll
    void startSecondNode() throws Exception {
        second = ApplicationContext.run(EmbeddedServer.class, secondNodeProperties(), "test");
        secondClient = HttpClient.create(second.getURL());
        b = new Api(secondClient, json);
    }

    @AfterAll
    void stopSecondNode() {
        if (secondClient != null) {
            secondClient.close();
        }
        if (second != null) {
            second.close();
        }
    }

    @Test
    void aSessionOpenedOnOneNodeIsKnownToTheOther() {
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        Api.Response me = b.get("/api/me", "Cookie", cookie);
        assertEquals(200, me.status(), me.body());
        assertEquals(email, me.get("email"));
        assertEquals(204, b.post("/api/logout", Map.of(), "Cookie", cookie).status());
        assertEquals(401, api.get("/api/me", "Cookie", cookie).status(), "signed out on one, signed out on both");
    }

    @Test
    void eachMailOfTheOutboxGoesOutOnceWithTwoSenders() {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 80; i++) {
            String email = newEmail();
            recipients.add(email);
            update("INSERT INTO mail_outbox (recipient, template, locale, subject, body_text, body_html, status, next_attempt_at, "
                    + "created_at) VALUES (?, 'test', 'fr', 'Deux nœuds', 'texte', '<p>texte</p>', 'PENDING', NOW(6), NOW(6))", email);
        }
        for (String email : recipients) {
            TestMail.awaitMails(email, 1);
        }
        TestMail.sleep(1000);
        for (String email : recipients) {
            assertEquals(1, TestMail.mailsTo(email).size(), email);
        }
    }

    @Test
    void eachParticipantGetsOneReminderWithTwoNodesWatching() {
        String manager = confirmedSupporter(newEmail());
        String group = createGroup(manager, unique("Groupe à deux nœuds"), "31000");
        LocalDateTime soon = LocalDateTime.now(ZoneId.of("Europe/Paris")).plusHours(5).withMinute(0);
        DateTimeFormatter f = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm");
        Map<String, Object> body = new HashMap<>(Map.of("title", unique("Tractage"), "type", "leafleting", "description", "Au marché.",
                "start", soon.format(f), "end", soon.plusHours(2).format(f), "postalCode", "31000"));
        Api.Response created = api.post("/api/groups/" + group + "/events", body, "Cookie", manager);
        assertEquals(201, created.status(), created.body());
        @SuppressWarnings("unchecked")
        String occurrence = (String) ((List<Map<String, Object>>) api.get("/api/events/" + created.get("slug")).get("occurrences"))
                .get(0).get("id");
        List<String> participants = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            String email = newEmail();
            participants.add(email);
            String cookie = confirmedSupporter(email);
            // Answers go through either node.
            Api node = i % 2 == 0 ? api : b;
            assertEquals(201, node.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", cookie).status());
        }
        for (String email : participants) {
            long deadline = System.currentTimeMillis() + 15_000;
            while (reminders(email) == 0 && System.currentTimeMillis() < deadline) {
                TestMail.sleep(100);
            }
        }
        TestMail.sleep(1500);
        for (String email : participants) {
            assertEquals(1, reminders(email), email);
        }
    }

    private static long reminders(String email) {
        return TestMail.mailsTo(email).stream().filter(m -> TestMail.subject(m).startsWith("Rappel")).count();
    }

    @Test
    void eachPersonGetsOneDigestWhenBothNodesSendAtTheSameInstant() throws Exception {
        GroupRef g = aGroup();
        List<String> emails = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            SignedIn member = aConfirmedSupporter();
            emails.add(member.email());
            assertEquals(201, api.post("/api/groups/" + g.id() + "/membership", Map.of("shareContact", false), "Cookie", member.cookie()).status());
        }
        String title = anActionOf(g).title(); // owed to each member's daily digest (the default for new actions)
        org.cortege.activity.Digests one = embeddedServer.getApplicationContext().getBean(org.cortege.activity.Digests.class);
        org.cortege.activity.Digests two = second.getApplicationContext().getBean(org.cortege.activity.Digests.class);
        one.prepare();
        java.time.Instant tomorrow = java.time.Instant.now().plus(java.time.Duration.ofDays(1));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Callable<Integer>> runs = List.of(() -> one.sendAllDue(tomorrow), () -> two.sendAllDue(tomorrow));
        int sent = 0;
        for (java.util.concurrent.Future<Integer> f : pool.invokeAll(runs)) {
            sent += f.get();
        }
        pool.shutdown();
        assertTrue(sent >= emails.size(), "at least these six people's digests went: " + sent);
        for (String email : emails) {
            long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
            while (digests(email).isEmpty() && System.nanoTime() < deadline) {
                TestMail.sleep(100);
            }
        }
        TestMail.sleep(1000); // a second digest would have come by now
        for (String email : emails) {
            List<jakarta.mail.internet.MimeMessage> got = digests(email);
            assertEquals(1, got.size(), "one digest for " + email);
            assertTrue(TestMail.textPart(got.get(0)).contains(title));
        }
    }


    private static List<jakarta.mail.internet.MimeMessage> digests(String email) {
        return TestMail.mailsTo(email).stream().filter(m -> TestMail.subject(m).contains("nouvelles de vos groupes")).toList();
    }

    @Test
    void anImportRunsOnceWhicheverNodesTakeItsBatches() {
        String admin = freshAdmin();
        String run = UUID.randomUUID().toString().substring(0, 8);
        StringBuilder csv = new StringBuilder("email,prénom,nom,code postal\n");
        for (int i = 0; i < 3000; i++) {
            csv.append("n").append(i).append('.').append(run).append("@deux-noeuds.test,Camille,Durand,69003\n");
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        Api.Response begun = api.post("/api/admin/imports", Map.of("fileName", "deux.csv", "size", bytes.length), "Cookie", admin);
        String id = (String) begun.get("id");
        for (int seq = 0; seq * 48 * 1024 < bytes.length; seq++) {
            byte[] piece = Arrays.copyOfRange(bytes, seq * 48 * 1024, Math.min(bytes.length, (seq + 1) * 48 * 1024));
            Api node = seq % 2 == 0 ? api : b;   // the pieces arrive at either node
            assertEquals(204, node.exchange(HttpRequest.PUT("/api/admin/imports/" + id + "/pieces/" + seq, piece)
                    .contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE), "Cookie", admin).status());
        }
        Api.Response read = b.post("/api/admin/imports/" + id + "/complete", Map.of(), "Cookie", admin);
        assertEquals(200, read.status(), read.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> options = Map.of("mapping", ((Map<String, Object>) read.get("options")).get("mapping"), "duplicates", "update");
        assertEquals(200, api.post("/api/admin/imports/" + id + "/start", declared(options), "Cookie", admin).status());
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Object> v;
        do {
            TestMail.sleep(200);
            v = b.get("/api/admin/imports/" + id, "Cookie", admin).map();
        } while (!"DONE".equals(v.get("status")) && System.currentTimeMillis() < deadline);
        assertEquals("DONE", v.get("status"), v.toString());
        assertEquals(3000, ((Number) v.get("created")).intValue(), v.toString());
        assertEquals(0, ((Number) v.get("updated")).intValue(), "no batch taken twice: " + v);
        assertEquals(3000, count("SELECT COUNT(*) FROM person WHERE email LIKE ?", "%." + run + "@deux-noeuds.test"));
        assertTrue(count("SELECT COUNT(*) FROM contact_import_person ip JOIN contact_import i ON i.id = ip.import_id "
                + "WHERE i.public_id = ?", id) == 3000);
    }
}
