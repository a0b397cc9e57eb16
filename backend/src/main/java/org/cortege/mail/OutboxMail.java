package org.cortege.mail;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

@MappedEntity("mail_outbox")
record OutboxMail(
        @Id @GeneratedValue @Nullable Long id,
        @Nullable Long personId,
        String recipient,
        @Nullable String fromName,
        @Nullable String replyTo,
        String template,
        String locale,
        String subject,
        String bodyText,
        String bodyHtml,
        boolean transactional,
        @Nullable String listUnsubscribe,
        MailStatus status,
        int attempts,
        Instant nextAttemptAt,
        Instant createdAt,
        @Nullable Instant sentAt,
        @Nullable String lastError,
        @Nullable Long campaignId,
        int priority) {

    /** Someone waits for it (a sign-in code, a confirmation): sent before bulk mail. */
    static final int URGENT = 0;
    /** Sent in bulk (mailings, notices to many people): after whatever is urgent. */
    static final int BULK = 1;
}
