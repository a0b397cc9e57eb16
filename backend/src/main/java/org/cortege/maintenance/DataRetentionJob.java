package org.cortege.maintenance;

import io.micronaut.context.annotation.Property;
import io.micronaut.scheduling.annotation.Scheduled;
import io.micronaut.context.annotation.Requires;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.cortege.mail.MailService;
import org.cortege.people.PersonService;
import org.cortege.people.SessionService;
import org.cortege.shared.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps no data longer than it serves: unconfirmed sign-ups (30 days by default, as their mail
 * promises), expired tokens and sessions, finished mails (7 days), idle rate-limit buckets. Runs
 * hourly on every node; each step is an idempotent bounded DELETE, so nodes running it together
 * only share the work.
 */
@Singleton
@Requires(notEnv = "cli") // the command-line tools (demo…) run no background jobs
public class DataRetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(DataRetentionJob.class);

    private final PersonService people;
    private final SessionService sessions;
    private final MailService mail;
    private final RateLimiter rateLimiter;
    private final Duration unconfirmedAge;
    private final Duration mailAge;

    DataRetentionJob(PersonService people, SessionService sessions, MailService mail, RateLimiter rateLimiter,
                     @Property(name = "cortege.retention.unconfirmed-signups") Duration unconfirmedAge,
                     @Property(name = "cortege.retention.mails") Duration mailAge) {
        this.people = people;
        this.sessions = sessions;
        this.mail = mail;
        this.rateLimiter = rateLimiter;
        this.unconfirmedAge = unconfirmedAge;
        this.mailAge = mailAge;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void scheduled() {
        run();
    }

    /** One pass; returns what it removed, also logged (counts only). */
    public Report run() {
        Report report = new Report(people.purgeUnconfirmed(unconfirmedAge), people.purgeExpiredTokens(), sessions.purgeExpired(),
                mail.purge(mailAge), rateLimiter.purgeExpired());
        if (report.total() > 0) {
            LOG.info("Retention: removed {} unconfirmed sign-ups, {} tokens, {} sessions, {} mails, {} rate-limit buckets",
                    report.unconfirmedPeople(), report.tokens(), report.sessions(), report.mails(), report.buckets());
        }
        return report;
    }

    public record Report(int unconfirmedPeople, int tokens, int sessions, int mails, int buckets) {
        int total() {
            return unconfirmedPeople + tokens + sessions + mails + buckets;
        }
    }
}
