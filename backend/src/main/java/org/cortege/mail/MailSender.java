package org.cortege.mail;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.transaction.TransactionOperations;
import jakarta.annotation.PreDestroy;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.cortege.shared.Retry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the outbox. Each mail is taken with {@code FOR UPDATE SKIP LOCKED} and claimed in a
 * committed transaction, then sent, then marked: two app nodes never send the same row (even on
 * two Galera nodes), and a mail is marked sent only once the SMTP server accepted it. A refused or unreachable server
 * leaves the mail pending, retried with exponential backoff (1 min, 2, 4… up to 6 h) until
 * {@code cortege.mail.max-attempts}, then FAILED.
 */
@Singleton
@Requires(notEnv = "cli") // the command-line tools (demo…) run no background jobs
public class MailSender {

    private static final Logger LOG = LoggerFactory.getLogger(MailSender.class);
    private static final int MAX_PER_RUN = 500;
    private static final Duration MAX_BACKOFF = Duration.ofHours(6);

    private final OutboxRepository outbox;
    private final TransactionOperations<Connection> transactions;
    private final MailTransport transport;
    private final MailProperties properties;
    private static final Duration FIRST_PAUSE = Duration.ofSeconds(10);

    private final MailMetrics metrics;
    private volatile boolean stopping;
    /** The threads that hold the SMTP connections ({@code cortege.mail.connections}). */
    private final ExecutorService connections;
    /** While the SMTP server is unreachable: no mail is tried before this. */
    private volatile Instant pausedUntil = Instant.EPOCH;
    private volatile Duration pause = Duration.ZERO;

    MailSender(OutboxRepository outbox, TransactionOperations<Connection> transactions, MailProperties properties,
               SmtpTransport smtp, LogTransport log, MailMetrics metrics) {
        this.metrics = metrics;
        this.outbox = outbox;
        this.transactions = transactions;
        this.properties = properties;
        this.transport = properties.smtp().configured() ? smtp : log;
        AtomicInteger n = new AtomicInteger();
        this.connections = Executors.newFixedThreadPool(Math.max(1, properties.connections()), r -> {
            Thread t = new Thread(r, "mail-sender-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @EventListener
    void onStartup(StartupEvent event) {
        if (properties.claim().compareTo(properties.smtp().timeout().multipliedBy(3)) < 0) {
            LOG.warn("cortege.mail.claim ({} s) is under three SMTP timeouts ({} s each): a slow send could outlast its claim and "
                    + "another node send the mail too", properties.claim().toSeconds(), properties.smtp().timeout().toSeconds());
        }
        if (!properties.smtp().configured()) {
            LOG.warn("No SMTP server configured (CORTEGE_MAIL_SMTP_HOST): mails are written to this log instead of sent. "
                    + "Fine to try Cortège, never for production.");
        }
    }

    // The first run waits one interval too: an app started with a long interval (a benchmark, a test driving
    // the sender itself) never has a run of its own racing the caller.
    @Scheduled(fixedDelay = "${cortege.mail.poll-interval:2s}", initialDelay = "${cortege.mail.poll-interval:2s}")
    void run() {
        if (Instant.now().isBefore(pausedUntil)) {
            return;
        }
        // Several SMTP connections at once (each takes its own mail: SKIP LOCKED); one mail at a time
        // left the outbox at ~19 mails/s on TV night (docs/benchmarks.md), minutes behind the sign-ups.
        if (stopping) {
            return;
        }
        AtomicInteger budget = new AtomicInteger(MAX_PER_RUN);
        List<Future<?>> workers = new ArrayList<>();
        for (int c = 0; c < Math.max(1, properties.connections()); c++) {
            if (connections.isShutdown()) {
                return;
            }
            workers.add(connections.submit(() -> {
                // A failure usually means the server is down: wait for the next run rather than time out on every mail.
                while (!stopping && budget.getAndDecrement() > 0 && Instant.now().isAfter(pausedUntil)) {
                    Result result = sendNext();
                    if (result != Result.SENT && result != Result.TAKEN) {
                        return;
                    }
                }
            }));
        }
        for (Future<?> worker : workers) {
            try {
                worker.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (java.util.concurrent.ExecutionException e) {
                LOG.warn("Mail sender stopped this run:\n{}", org.cortege.shared.UnexpectedExceptionHandler.SafeStackTrace.of(e.getCause()));
            }
        }
    }

    /** NONE: nothing due; TAKEN: another node took the mail first; SENT; FAILED: refused, or the server is unreachable. */
    public enum Result { NONE, TAKEN, SENT, FAILED }

    /**
     * Tries the oldest due mail, if any, in three steps: take it (committed: no other node can take it
     * for {@code cortege.mail.claim}), send it outside any transaction, then record the outcome. On a Galera
     * cluster with several writers, two nodes may read the same row; only one commits its claim (the
     * other's commit fails certification, error 1213) and only that one sends. A node that dies
     * between sending and recording leaves the mail claimed: another sends it again when the claim
     * runs out, under the same Message-ID.
     */
    public Result sendNext() {
        Instant now = Instant.now();
        // The claim's end is also its token: the outcome is written only while the row still carries it
        // (DATETIME(6) keeps microseconds), so a worker whose claim ran out cannot undo another's result.
        Instant claimedUntil = now.plus(properties.claim()).truncatedTo(ChronoUnit.MICROS);
        Optional<OutboxMail> taken;
        try {
            taken = transactions.executeWrite(status -> {
                Optional<OutboxMail> next = outbox.lockNextDue(now);
                next.ifPresent(m -> outbox.claim(m.id(), claimedUntil));
                return next;
            });
        } catch (RuntimeException e) {
            if (Retry.isDeadlock(e)) {
                metrics.claimLost();
                return Result.TAKEN; // another node took it first
            }
            throw e;
        }
        if (taken.isEmpty()) {
            return Result.NONE;
        }
        OutboxMail mail = taken.get();
        try {
            transport.deliver(mail);
        } catch (MailTransport.MailDeliveryException e) {
            if (e.serverUnavailable()) {
                // Not this mail's fault: it keeps its attempts and its place, and the whole sender waits for the server.
                Retry.onDeadlock(() -> transactions.executeWrite(status -> outbox.release(mail.id(), claimedUntil, mail.nextAttemptAt())));
                serverUnreachable(e.getMessage());
                return Result.FAILED;
            }
            int attempts = mail.attempts() + 1;
            boolean giveUp = attempts >= properties.maxAttempts();
            Duration wait = backoff(attempts);
            Retry.onDeadlock(() -> transactions.executeWrite(status -> outbox.markFailedAttempt(mail.id(), claimedUntil,
                    giveUp ? MailStatus.FAILED : MailStatus.PENDING, Instant.now().plus(wait), truncate(e.getMessage(), 500))));
            metrics.failedAttempt(giveUp);
            LOG.warn("Mail #{} not delivered (attempt {}): {}{}", mail.id(), attempts, e.getMessage(),
                    giveUp ? "; giving up" : "; next try in " + wait.toMinutes() + " min");
            return Result.FAILED;
        }
        // Sent: recorded whatever the claim says (the mail did go), tried again on a deadlock or lost certification.
        Retry.onDeadlock(() -> transactions.executeWrite(status -> {
            outbox.markSent(mail.id(), Instant.now());
            return null;
        }));
        metrics.sent();
        serverReachable();
        return Result.SENT;
    }

    private synchronized void serverReachable() {
        if (!pause.isZero()) {
            LOG.info("SMTP server reachable again: sending the mails that waited");
            pause = Duration.ZERO;
            pausedUntil = Instant.EPOCH;
        }
    }

    /** Pauses the whole sender, once for all its connections that found the server down together. */
    private synchronized void serverUnreachable(String why) {
        if (Instant.now().isBefore(pausedUntil)) {
            return;
        }
        pause = min(pause.isZero() ? FIRST_PAUSE : pause.multipliedBy(2), properties.outagePauseMax());
        pausedUntil = Instant.now().plus(pause);
        LOG.warn("SMTP server unreachable ({}): mails wait in the outbox, next try in {} s", why, pause.toSeconds());
    }

    static Duration backoff(int attempts) {
        Duration wait = Duration.ofMinutes(1L << Math.min(attempts - 1, 20));
        return wait.compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : wait;
    }

    private static Duration min(Duration a, Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }

    /** Graceful shutdown: the mail in flight finishes, no new one starts. */
    @PreDestroy
    void stop() {
        stopping = true;
        connections.shutdown();
        try {
            connections.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
