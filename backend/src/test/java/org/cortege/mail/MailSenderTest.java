package org.cortege.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
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
import org.cortege.support.AppTest;
import org.cortege.support.FreePort;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The outbox against an SMTP server of its own, which this test stops and restarts. The scheduled sender
 * never runs on its own here (an interval of an hour, and the first run waits one interval): the tests call
 * {@link MailSender#run()} as the scheduler would, or {@link MailSender#sendNext()}, so that no run of the
 * app's races the order or the count a test asserts.
 */
@AppTest
class MailSenderTest extends ApiTest {

    private static final int PORT = FreePort.forRestart();
    private GreenMail smtp = start();

    @Inject
    MailSender sender;

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.mail.smtp.port", Integer.toString(PORT), "cortege.mail.max-attempts", "3",
                "cortege.mail.outage-pause-max", "1s", "cortege.mail.smtp.timeout", "2s", "cortege.mail.poll-interval", "1h");
    }

    @AfterAll
    void stopSmtp() {
        smtp.stop();
    }

    @Test
    void mailsWaitWhileSmtpIsDownWithoutUsingTheirAttemptsAndAllGoOutOnceWhenItIsBack() {
        smtp.stop();
        List<String> recipients = new ArrayList<>();
        try {
            String signup = newEmail();
            assertEquals(202, api.post("/api/signup", signupBody(signup)).status(), "sign-up works with SMTP down");
            recipients.add(signup);
            for (int i = 0; i < 30; i++) {
                String email = newEmail();
                recipients.add(email);
                insertMail(email);
            }
            // Several pauses of the sender go by (1 s each here, up to 5 min in production): an outage of any length.
            long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
            while (System.nanoTime() < until) {
                sender.run();
                TestMail.sleep(200);
            }
            for (String email : recipients) {
                assertEquals("PENDING", string("SELECT status FROM mail_outbox WHERE recipient = ?", email));
                assertEquals(0, count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email),
                        "an unreachable server is not the mail's fault");
            }
        } finally {
            smtp = start();
        }
        awaitUntil(() -> {
            sender.run(); // returns at once while the sender still waits out its pause
            return recipients.stream().allMatch(e -> "SENT".equals(string("SELECT status FROM mail_outbox WHERE recipient = ?", e)));
        });
        TestMail.sleep(500);
        for (String email : recipients) {
            assertEquals(1, received(email), "delivered exactly once: " + email);
        }
    }

    @Test
    void aMailTheServerRefusesIsRetriedThenMarkedFailed() throws Exception {
        smtp.stop();
        try (RefusingSmtp refusing = new RefusingSmtp(PORT)) {
            String email = newEmail();
            insertMail(email);
            for (int attempt = 0; attempt < 3; attempt++) {
                update("UPDATE mail_outbox SET next_attempt_at = NOW(6) WHERE recipient = ?", email);
                long before = count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email);
                awaitUntil(() -> {
                    sender.sendNext();
                    return count("SELECT attempts FROM mail_outbox WHERE recipient = ?", email) > before;
                });
            }
            assertEquals("FAILED", string("SELECT status FROM mail_outbox WHERE recipient = ?", email));
            assertNotNull(string("SELECT last_error FROM mail_outbox WHERE recipient = ?", email));
        } finally {
            smtp = start();
        }
    }

    /** An SMTP server that greets, then refuses every sender with 554. */
    private static final class RefusingSmtp implements AutoCloseable {
        private final java.net.ServerSocket socket;
        private final Thread thread;

        RefusingSmtp(int port) throws java.io.IOException {
            socket = new java.net.ServerSocket();
            socket.setReuseAddress(true);
            socket.bind(new java.net.InetSocketAddress("127.0.0.1", port));
            thread = new Thread(this::serve, "refusing-smtp");
            thread.setDaemon(true);
            thread.start();
        }

        private void serve() {
            while (!socket.isClosed()) {
                try (java.net.Socket c = socket.accept();
                     var in = new java.io.BufferedReader(new java.io.InputStreamReader(c.getInputStream(), java.nio.charset.StandardCharsets.US_ASCII));
                     var out = new java.io.PrintWriter(new java.io.OutputStreamWriter(c.getOutputStream(), java.nio.charset.StandardCharsets.US_ASCII), true)) {
                    out.print("220 refusing.test ESMTP\r\n");
                    out.flush();
                    for (String line; (line = in.readLine()) != null; ) {
                        String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase(java.util.Locale.ROOT) : line;
                        out.print(switch (verb) {
                            case "EHLO", "HELO" -> "250 refusing.test\r\n";
                            case "QUIT" -> "221 bye\r\n";
                            case "RSET", "NOOP" -> "250 ok\r\n";
                            default -> "554 5.7.1 refused\r\n";
                        });
                        out.flush();
                        if (verb.equals("QUIT")) {
                            break;
                        }
                    }
                } catch (java.io.IOException e) {
                    // closed by the test, or a client that hung up
                }
            }
        }

        @Override
        public void close() throws java.io.IOException {
            socket.close();
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
            // The Message-ID names the outbox's row: a copy sent again after a crash is recognisably the same mail.
            String messageId = Arrays.stream(smtp.getReceivedMessages()).filter(m -> {
                try {
                    return Arrays.stream(m.getRecipients(Message.RecipientType.TO)).anyMatch(a -> a.toString().equals(email));
                } catch (Exception e) {
                    return false;
                }
            }).findFirst().map(m -> {
                try {
                    return m.getMessageID();
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            }).orElseThrow();
            long row = count("SELECT id FROM mail_outbox WHERE recipient = ?", email);
            assertTrue(messageId.matches("<cortege\\." + row + "\\.\\d+@[^>]+>"), messageId);
        }
    }

    /** A sign-in code queued behind thousands of notices or mailings still goes first (priority, V32). */
    @Test
    void urgentMailGoesBeforeBulkMailQueuedEarlier() {
        // twenty bulk mails queued first, then the urgent one, in one statement (no sender runs in between)
        List<String> bulk = new ArrayList<>();
        List<Object> values = new ArrayList<>();
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 21; i++) {
            String email = newEmail();
            if (i < 20) {
                bulk.add(email);
            }
            values.add(email);
            values.add(i < 20 ? 1 : 0);
            rows.append(i == 0 ? "" : ", ").append("(?, 'test', 'fr', 'Envoi', 'texte', '<p>texte</p>', 'PENDING', NOW(6), NOW(6), ?)");
        }
        String urgent = (String) values.get(40);
        update("INSERT INTO mail_outbox (recipient, template, locale, subject, body_text, body_html, status, next_attempt_at, "
                + "created_at, priority) VALUES " + rows, values.toArray());
        // one sender (mails other tests left due may go first: they are not ours)
        while (received(urgent) == 0 && sender.sendNext() != MailSender.Result.NONE) {
            Thread.onSpinWait();
        }
        assertEquals(1, received(urgent));
        assertEquals(0, bulk.stream().mapToLong(this::received).sum(), "no bulk mail went before it");
        while (sender.sendNext() != MailSender.Result.NONE) {
            Thread.onSpinWait();
        }
        assertEquals(20, bulk.stream().mapToLong(this::received).sum(), "then the bulk mail, all of it");
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
        ServerSetup setup = new ServerSetup(PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP);
        // the port was closed a moment ago and the machine may be busy (2 cores, a browser, MariaDB):
        // GreenMail's 2 s to bind it proved too short once in a full run
        setup.setServerStartupTimeout(15_000);
        GreenMail server = new GreenMail(setup);
        server.start();
        return server;
    }
}
