package org.cortege.mail;

import io.micronaut.context.annotation.Value;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;

/**
 * The mail feature's public API: other features write mails here, in their own transaction, and
 * {@link MailSender} delivers them later. A mail is never sent from a request thread.
 */
@Singleton
public class MailService {

    private final OutboxRepository outbox;
    private final MailTemplates templates;
    private final String organizationName;

    public MailService(OutboxRepository outbox, MailTemplates templates,
                       @Value("${cortege.organization-name}") String organizationName) {
        this.outbox = outbox;
        this.templates = templates;
        this.organizationName = organizationName;
    }

    /** Renders the message and queues it; it goes out when the caller's transaction commits. */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public void enqueue(MailMessage message) {
        MailTemplates.Rendered rendered = templates.render(message, organizationName);
        Instant now = Instant.now();
        outbox.save(new OutboxMail(null, message.personId(), message.recipient(), message.fromName(), message.replyTo(),
                message.template(), message.locale().getLanguage(), truncate(rendered.subject(), 255), rendered.text(),
                rendered.html(), message.transactional(), message.listUnsubscribe(), OutboxMail.PENDING, 0, now, now, null, null));
    }

    /** Mails waiting to go out (due now or later), for health and metrics. */
    public long pendingCount() {
        return outbox.countByStatus(OutboxMail.PENDING);
    }

    /** Drops the mails still waiting for a person (ban, erasure); returns how many. */
    @Transactional
    public int cancelPendingFor(Long personId) {
        return outbox.deletePendingFor(personId);
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
}
