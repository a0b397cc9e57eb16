package org.cortege.mail;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Singleton;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.cortege.shared.Sql;

/**
 * The outbox as an operator watches it: mails waiting and the age of the oldest (a growing age
 * means the SMTP server refuses or is down), mails sent and given up. The gauges read the
 * database at most every 5 seconds, whatever the scrape rate; NaN while it is unreachable.
 */
@Singleton
class MailMetrics {

    private static final Duration FRESH = Duration.ofSeconds(5);

    private final Sql sql;
    private final Counter sent;
    private final Counter failedAttempts;
    private final Counter givenUp;
    private final Counter claimsLost;
    private volatile Instant readAt = Instant.EPOCH;
    private volatile double pending = Double.NaN;
    private volatile double oldestAge = Double.NaN;

    MailMetrics(MeterRegistry registry, Sql sql) {
        this.sql = sql;
        this.sent = Counter.builder("cortege.mail.sent").description("Mails accepted by the SMTP server").register(registry);
        this.failedAttempts = Counter.builder("cortege.mail.attempts.failed")
                .description("Deliveries refused or failed, retried later").register(registry);
        this.givenUp = Counter.builder("cortege.mail.failed").description("Mails given up after the last attempt").register(registry);
        this.claimsLost = Counter.builder("cortege.mail.claims.lost")
                .description("Claims of a mail that failed on a deadlock or a lost Galera certification: another sender took it first").register(registry);
        Gauge.builder("cortege.mail.outbox.pending", this, m -> m.read().pending)
                .description("Mails waiting in the outbox").register(registry);
        Gauge.builder("cortege.mail.outbox.oldest.age", this, m -> m.read().oldestAge).baseUnit("seconds")
                .description("Age of the oldest mail waiting in the outbox, 0 when none waits").register(registry);
    }

    void sent() {
        sent.increment();
    }

    void claimLost() {
        claimsLost.increment();
    }

    void failedAttempt(boolean gaveUp) {
        failedAttempts.increment();
        if (gaveUp) {
            givenUp.increment();
        }
    }

    private synchronized MailMetrics read() {
        Instant now = Instant.now();
        if (Duration.between(readAt, now).compareTo(FRESH) < 0) {
            return this;
        }
        readAt = now;
        try {
            List<double[]> row = sql.list("SELECT COUNT(*), MIN(created_at) FROM mail_outbox WHERE status = 'PENDING'", List.of(),
                    rs -> {
                        Timestamp oldest = rs.getTimestamp(2);
                        return new double[] {rs.getLong(1),
                                oldest == null ? 0 : Math.max(0, Duration.between(oldest.toInstant(), now).toSeconds())};
                    });
            pending = row.get(0)[0];
            oldestAge = row.get(0)[1];
        } catch (RuntimeException e) {
            pending = Double.NaN;
            oldestAge = Double.NaN;
        }
        return this;
    }
}
