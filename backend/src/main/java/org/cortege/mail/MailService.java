package org.cortege.mail;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.Locale;

/**
 * The mail feature's public API: other features write mails here, in their own transaction, and
 * {@link MailSender} delivers them later. A mail is never sent from a request thread.
 */
@Singleton
public class MailService {

    /** One person's rows, for their export and their record (personal data reads). */
    private final org.cortege.shared.Sql personalSql;

    private final OutboxRepository outbox;
    private final MailTemplates templates;
    private final String organizationName;

    public MailService(OutboxRepository outbox, MailTemplates templates,
                       @Value("${cortege.organization-name}") String organizationName, org.cortege.shared.Sql personalSql) {
        this.personalSql = personalSql;
        this.outbox = outbox;
        this.templates = templates;
        this.organizationName = organizationName;
    }

    /** One sentence of the mails' words, in the locale (a line of a digest built by another feature). */
    public String phrase(String key, Locale locale, Object... args) {
        return templates.phrase(key, locale, args);
    }

    /** Renders the message and queues it; it goes out when the caller's transaction commits, before any bulk mail. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void enqueue(MailMessage message) {
        enqueue(message, OutboxMail.URGENT);
    }

    /**
     * As {@link #enqueue}, for mail sent to many people at once (notices, group messages): it waits
     * behind every urgent mail, so sign-in codes and confirmations never queue behind thousands.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void enqueueBulk(MailMessage message) {
        enqueue(message, OutboxMail.BULK);
    }

    private void enqueue(MailMessage message, int priority) {
        MailTemplates.Rendered rendered = templates.render(message, organizationName);
        Instant now = Instant.now();
        outbox.save(new OutboxMail(null, message.personId(), message.recipient(), message.fromName(), message.replyTo(),
                message.template(), message.locale().getLanguage(), truncate(rendered.subject(), 255), rendered.text(),
                rendered.html(), message.transactional(), message.listUnsubscribe(), MailStatus.PENDING, 0, now, now, null, null, null,
                priority));
    }

    /**
     * Queues one mail of a mass mailing, already rendered ({@link MailTemplates#renderCampaign}), in
     * the caller's transaction. It is never transactional and always carries its unsubscribe URL.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void enqueueCampaign(String recipient, Long personId, Locale locale, MailTemplates.Rendered rendered,
                                String listUnsubscribe, Long campaignId) {
        Instant now = Instant.now();
        outbox.save(new OutboxMail(null, personId, recipient, null, null, "campaign", locale.getLanguage(),
                truncate(rendered.subject(), 255), rendered.text(), rendered.html(), false, listUnsubscribe, MailStatus.PENDING, 0,
                now, now, null, null, campaignId, OutboxMail.BULK));
    }

    /** A campaign's mails by delivery status (PENDING, SENT, FAILED) as long as the outbox keeps them. */
    public java.util.Map<MailStatus, Long> campaignCounts(Long campaignId) {
        java.util.Map<MailStatus, Long> counts = new java.util.EnumMap<>(MailStatus.class);
        for (OutboxRepository.StatusCount c : outbox.countByCampaign(campaignId)) {
            counts.put(c.status(), c.n());
        }
        return counts;
    }

    /** Drops the mass mailings still waiting for a person (they unsubscribed); returns how many. */
    @Transactional
    public int cancelCampaignMailsFor(Long personId) {
        return outbox.deletePendingCampaignMailsFor(personId);
    }

    /** Drops a campaign's mails that have not gone out yet (the campaign was stopped); returns how many. */
    @Transactional
    public int cancelCampaign(Long campaignId) {
        return outbox.deletePendingOfCampaign(campaignId);
    }

    /** Mails waiting to go out (due now or later), for health and metrics. */
    public long pendingCount() {
        return outbox.countByStatus(MailStatus.PENDING);
    }

    /** Drops the mails still waiting for a person (ban, erasure); returns how many. */
    @Transactional
    public int cancelPendingFor(Long personId) {
        return outbox.deletePendingFor(personId);
    }

    /**
     * A person is erased: mails to them (sent or waiting) go; messages they wrote to a group's members
     * still go out, without their address to reply to. Returns how many mails went.
     */
    @Transactional
    public int forget(Long personId, String email) {
        int deleted = outbox.deleteFor(personId, email);
        outbox.clearReplyTo(email);
        return deleted;
    }

    /** Deletes delivered or failed mails older than {@code age} (mails to people who are gone went with them). */
    public int purge(java.time.Duration age) {
        int total = 0;
        int deleted;
        do {
            deleted = outbox.deleteFinishedBefore(Instant.now().minus(age));
            total += deleted;
        } while (deleted == 5000);
        return total;
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    /** A mail to a person: its subject, whether part of a mailing, its state and when. */
    public record MailTo(String subject, boolean transactional, boolean campaign, String status, java.time.Instant createdAt,
                         @io.micronaut.core.annotation.Nullable java.time.Instant sentAt) {
    }

    /**
     * The mails to a person (by id, or by address when given), the latest first, at most {@code limit};
     * with {@code mailingsOnly}, only those of mass mailings.
     */
    public java.util.List<MailTo> mailsTo(Long personId, @io.micronaut.core.annotation.Nullable String email, boolean mailingsOnly, int limit) {
        return personalSql.list("SELECT subject, transactional, campaign_id IS NOT NULL, status, created_at, sent_at FROM mail_outbox "
                + "WHERE (person_id = ? OR (? IS NOT NULL AND recipient = ?))" + (mailingsOnly ? " AND campaign_id IS NOT NULL" : "")
                + " ORDER BY id DESC LIMIT ?",
                java.util.Arrays.asList(personId, email, email, limit), rs -> new MailTo(rs.getString(1), rs.getBoolean(2), rs.getBoolean(3),
                        rs.getString(4).toLowerCase(java.util.Locale.ROOT), rs.getTimestamp(5).toInstant(),
                        rs.getTimestamp(6) == null ? null : rs.getTimestamp(6).toInstant()));
    }
}
