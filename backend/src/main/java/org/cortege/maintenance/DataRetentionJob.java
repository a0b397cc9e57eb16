package org.cortege.maintenance;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;
import org.cortege.admin.csv.ImportService;
import org.cortege.mail.MailService;
import org.cortege.people.PersonService;
import org.cortege.people.SessionService;
import org.cortege.shared.RateLimiter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps no data longer than it serves: unconfirmed sign-ups (30 days by default, as their mail
 * promises), expired tokens and sessions, finished mails (7 days), idle rate-limit buckets, imported
 * files once their import is over (7 days), staff reads of personal data in the access log (365 days),
 * imported prospects who never answered and the people of an import past its purge date
 * ({@link org.cortege.privacy.ImportedContactsRetention}). Runs
 * hourly on every node ({@link MaintenanceSchedule}) and on demand ({@code cortege.jar purge}); each
 * step is an idempotent bounded DELETE, so nodes running it together only share the work.
 */
@Singleton
public class DataRetentionJob {

    private static final Logger LOG = LoggerFactory.getLogger(DataRetentionJob.class);

    private final PersonService people;
    private final SessionService sessions;
    private final MailService mail;
    private final RateLimiter rateLimiter;
    private final Duration unconfirmedAge;
    private final Duration mailAge;
    private final ImportService imports;
    private final Duration importFileAge;
    private final org.cortege.privacy.AccessLogService accessLog;
    private final Duration accessLogAge;
    private final org.cortege.privacy.ImportedContactsRetention importedContacts;

    DataRetentionJob(PersonService people, SessionService sessions, MailService mail, RateLimiter rateLimiter,
                     @Property(name = "cortege.retention.unconfirmed-signups") Duration unconfirmedAge,
                     @Property(name = "cortege.retention.mails") Duration mailAge, ImportService imports,
                     @Property(name = "cortege.retention.import-files") Duration importFileAge,
                     org.cortege.privacy.AccessLogService accessLog,
                     @Property(name = "cortege.retention.access-log") Duration accessLogAge,
                     org.cortege.privacy.ImportedContactsRetention importedContacts) {
        this.importedContacts = importedContacts;
        this.accessLog = accessLog;
        this.accessLogAge = accessLogAge;
        this.imports = imports;
        this.importFileAge = importFileAge;
        this.people = people;
        this.sessions = sessions;
        this.mail = mail;
        this.rateLimiter = rateLimiter;
        this.unconfirmedAge = unconfirmedAge;
        this.mailAge = mailAge;
    }

    /** One pass; returns what it removed, also logged (counts only). */
    public Report run() {
        org.cortege.privacy.ImportedContactsRetention.Report imported = importedContacts.run();
        Report report = new Report(people.purgeUnconfirmed(unconfirmedAge), people.purgeExpiredTokens(), sessions.purgeExpired(),
                mail.purge(mailAge), rateLimiter.purgeExpired(), imports.purgeFiles(importFileAge), accessLog.purge(accessLogAge),
                imported.prospects(), imported.importEnds());
        if (report.total() > 0) {
            LOG.info("Retention: removed {} unconfirmed sign-ups, {} tokens, {} sessions, {} mails, {} rate-limit buckets, "
                    + "{} imported files, {} access-log entries, {} imported prospects without answer, {} imported people at "
                    + "their import's end", report.unconfirmedPeople(), report.tokens(), report.sessions(), report.mails(),
                    report.buckets(), report.importFiles(), report.accessLog(), report.importedProspects(), report.importEnds());
        }
        return report;
    }

    public record Report(int unconfirmedPeople, int tokens, int sessions, int mails, int buckets, int importFiles, int accessLog,
                         int importedProspects, int importEnds) {
        int total() {
            return unconfirmedPeople + tokens + sessions + mails + buckets + importFiles + accessLog + importedProspects + importEnds;
        }
    }
}
