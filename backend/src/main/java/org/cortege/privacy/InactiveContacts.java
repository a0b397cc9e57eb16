package org.cortege.privacy;

import io.micronaut.context.annotation.Property;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.List;
import java.util.Locale;
import org.cortege.mail.MailMessage;
import org.cortege.mail.MailService;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.Admins;
import org.cortege.people.PersonService;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Storage limitation (GDPR article 5): a supporter or contact inactive for
 * {@code cortege.retention.inactive-contacts} (3 years by default; 0 turns it off) is told by mail
 * that their account will be erased after {@code inactive-notice} (30 days) unless they sign in;
 * those who stay inactive are then erased, and admins get a report (counts only). Activity is the
 * latest of sign-up, confirmation, sign-in or use of a session, and attendance at an action.
 * Admin accounts are left alone. Runs once a day across all nodes (the {@code job_run} row, see
 * {@link org.cortege.maintenance.MaintenanceSchedule}) and on demand ({@code cortege.jar purge}).
 */
@Singleton
public class InactiveContacts {

    private static final Logger LOG = LoggerFactory.getLogger(InactiveContacts.class);
    private static final String JOB = "inactive-contacts";
    /** The latest sign of life of person p. */

    private final Sql sql;
    private final PersonService people;
    private final Admins admins;
    private final PersonalDataService data;
    private final MailService mail;
    private final AuditLog audit;
    private final InstanceSettings settings;
    private final Duration inactivity;
    private final Duration notice;
    private final int batch;
    private final Clock clock = Clock.systemUTC();

    InactiveContacts(Sql sql, PersonService people, Admins admins, PersonalDataService data, MailService mail, AuditLog audit,
                     InstanceSettings settings,
                     @Property(name = "cortege.retention.inactive-contacts") Duration inactivity,
                     @Property(name = "cortege.retention.inactive-notice") Duration notice,
                     @Property(name = "cortege.retention.inactive-batch") int batch) {
        this.sql = sql;
        this.people = people;
        this.admins = admins;
        this.data = data;
        this.mail = mail;
        this.audit = audit;
        this.settings = settings;
        this.inactivity = inactivity;
        this.notice = notice;
        this.batch = batch;
    }

    /** What one pass did. */
    public record Report(int notified, int erased, int backInAction) {
    }

    /** Today's pass, if retention is on and no node ran it in the last 23 hours; empty otherwise. */
    public java.util.Optional<Report> runIfDue() {
        if (inactivity.isZero() || !claimDailyRun()) {
            return java.util.Optional.empty();
        }
        Report report = run();
        sql.update("UPDATE job_run SET finished_at = ?, report = ? WHERE name = ?", List.of(clock.instant(), report.toString(), JOB));
        return java.util.Optional.of(report);
    }

    /** True on the one node that takes today's run: the row's start time moves only if its last run is a day old. */
    boolean claimDailyRun() {
        Instant now = clock.instant();
        sql.update("INSERT IGNORE INTO job_run (name) VALUES (?)", List.of(JOB));
        return sql.update("UPDATE job_run SET started_at = ? WHERE name = ? AND (started_at IS NULL OR started_at < ?)",
                List.of(now, JOB, now.minus(Duration.ofHours(23)))) == 1;
    }

    /** One pass, whatever the day (nothing when retention is off): clears the notice of people active again, erases, notifies, reports. */
    public Report run() {
        if (inactivity.isZero()) {
            return new Report(0, 0, 0);
        }
        Instant now = clock.instant();
        int back = people.clearRetentionNoticesOfActive();
        int erased = 0;
        List<Long> due = people.noticedBefore(now.minus(notice), batch);
        for (Long id : due) {
            Person p = people.findAny(id).orElse(null);
            if (p != null) {
                data.eraseInactive(p);
                erased++;
            }
        }
        List<Long> inactive = people.inactiveSince(now.minus(inactivity), batch);
        int notified = 0;
        for (Long id : inactive) {
            if (notify(id, now)) {
                notified++;
            }
        }
        Report report = new Report(notified, erased, back);
        if (notified + erased > 0) {
            reportToAdmins(report);
        }
        if (notified + erased + back > 0) {
            LOG.info("Retention of inactive contacts: {} notified, {} erased, {} active again", notified, erased, back);
        }
        return report;
    }

    @Transactional
    boolean notify(Long id, Instant now) {
        if (!people.markRetentionNotice(id, now)) {
            return false;
        }
        Person p = people.findAny(id).orElseThrow();
        Locale locale = Locale.forLanguageTag(p.locale());
        String date = DateTimeFormatter.ofLocalizedDate(FormatStyle.LONG).withLocale(locale).withZone(settings.timeZone())
                .format(now.plus(notice));
        mail.enqueueBulk(new MailMessage(p.email(), p.id(), "retention-notice", locale, new Object[] {p.firstName(), date},
                settings.publicUrl() + "/connexion", null, true));
        return true;
    }

    @Transactional
    void reportToAdmins(Report report) {
        audit.record(null, "retention.run", "retention", JOB, report.notified() + " notified, " + report.erased() + " erased");
        for (Person admin : admins.admins()) {
            mail.enqueue(new MailMessage(admin.email(), admin.id(), "retention-report", Locale.forLanguageTag(admin.locale()),
                    new Object[] {admin.firstName(), report.notified(), report.erased(), inactivity.toDays(), notice.toDays()},
                    settings.publicUrl() + "/admin/journal-des-acces", null, true));
        }
    }
}
