package org.cortege.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import jakarta.mail.Message;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.cortege.support.ApiTest;
import org.cortege.support.FreePort;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The outbox against an SMTP server of its own, which this test stops and restarts. */
@MicronautTest(transactional = false)
class MailSenderTest extends ApiTest {

    private static final int PORT = FreePort.next();
    private GreenMail smtp = start();

    @Inject
    MailSender sender;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.mail.smtp.port", Integer.toString(PORT), "cortege.mail.max-attempts", "3");
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void mailsWaitWhileSmtpIsDownAndGoOutOnceWhenItIsBack() {
        smtp.stop();
        String email = newEmail();
        assertEquals(202, api.post("/api/signup", signupBody(email)).status(), "sign-up works with SMTP down");
        awaitUntil(() -> count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email) >= 1);
        assertEquals("PENDING", string("SELECT status FROM mail_outbox WHERE recipient = ?", email));
        assertNotNull(string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email));

        smtp = start();
        update("UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE recipient = ?", email); // skip the backoff wait
        awaitUntil(() -> "SENT".equals(string("SELECT status FROM mail_outbox WHERE recipient = ?", email)));
        TestMail.sleep(500);
        assertEquals(1, received(email), "delivered exactly once");
    }

    @Test
    void afterTheLastAttemptAMailIsMarkedFailed() {
        smtp.stop();
        try {
            String email = newEmail();
            insertMail(email);
            for (int attempt = 0; attempt < 3; attempt++) {
                update("UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE recipient = ?", email);
                long before = count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email);
                awaitUntil(() -> count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email) > before);
            }
            assertEquals("FAILED", string("SELECT status FROM mail_outbox WHERE recipient = ?", email));
        } finally {
            smtp = start();
        }
    }

    @Test
    void concurrentSendersNeverSendAMailTwice() throws Exception {
        List<String> recipients = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            String email = newEmail();
            recipients.add(email);
            insertMail(email);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> runs = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                runs.add(pool.submit(() -> {
                    while (sender.sendNext() != MailSender.Result.NONE) {
                        Thread.onSpinWait();
                    }
                }));
            }
            for (Future<?> run : runs) {
                run.get();
            }
        } finally {
            pool.shutdown();
        }
        TestMail.sleep(500);
        for (String email : recipients) {
            assertEquals(1, received(email), email);
            assertEquals("SENT", string("SELECT status FROM mail_outbox WHERE recipient = ?", email));
        }
    }

    @Test
    void backoffGrowsThenStaysAtSixHours() {
        assertEquals(Duration.ofMinutes(1), MailSender.backoff(1));
        assertEquals(Duration.ofMinutes(4), MailSender.backoff(3));
        assertEquals(Duration.ofHours(6), MailSender.backoff(12));
        assertTrue(MailSender.backoff(40).compareTo(Duration.ofHours(6)) <= 0);
    }

    private void insertMail(String email) {
        update("INSERT INTO mail_outbox (recipient, template, locale, subject, body_text, body_html, status, next_attempt_at, created_at) "
                + "VALUES (?, 'test', 'fr', ?, 'texte', '<p>texte</p>', 'PENDING', NOW(6), NOW(6))", email, "Test " + UUID.randomUUID());
    }

    private long received(String email) {
        return Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
            try {
                return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(email));
            } catch (Exception e) {
                return false;
            }
        }).count();
    }

    private static void awaitUntil(java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 15 s");
            }
            TestMail.sleep(50);
        }
    }

    private static GreenMail start() {
        GreenMail server = new GreenMail(new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
        return server;
    }
}
