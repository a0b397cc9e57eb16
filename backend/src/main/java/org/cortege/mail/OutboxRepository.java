package org.cortege.mail;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface OutboxRepository extends CrudRepository<OutboxMail, Long> {

    /**
     * The oldest urgent mail due, else the oldest bulk one, locked for this transaction; rows another
     * node holds are skipped (MariaDB ≥ 10.6), so no mail is taken by two senders.
     */
    @Query(value = "SELECT * FROM mail_outbox WHERE status = 'PENDING' AND next_attempt_at <= :now "
            + "ORDER BY priority, next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED", nativeQuery = true)
    Optional<OutboxMail> lockNextDue(Instant now);

    /** Out of every sender's reach until {@code until} (the node that took it is sending it). */
    @Query(value = "UPDATE mail_outbox SET next_attempt_at = :until WHERE id = :id", nativeQuery = true)
    void claim(Long id, Instant until);

    /**
     * Back in its place in the queue, its attempts untouched (the SMTP server was unreachable), if the
     * row still carries this sender's claim ({@code claimedUntil}).
     */
    @Query(value = "UPDATE mail_outbox SET next_attempt_at = :at WHERE id = :id AND status = 'PENDING' "
            + "AND next_attempt_at = :claimedUntil", nativeQuery = true)
    int release(Long id, Instant claimedUntil, Instant at);

    @Query(value = "UPDATE mail_outbox SET status = 'SENT', sent_at = :now, attempts = attempts + 1, last_error = NULL "
            + "WHERE id = :id", nativeQuery = true)
    void markSent(Long id, Instant now);

    /** A refusal by the server, counted if the row still carries this sender's claim ({@code claimedUntil}). */
    @Query(value = "UPDATE mail_outbox SET status = :status, attempts = attempts + 1, next_attempt_at = :nextAttemptAt, "
            + "last_error = :error WHERE id = :id AND status = 'PENDING' AND next_attempt_at = :claimedUntil", nativeQuery = true)
    int markFailedAttempt(Long id, Instant claimedUntil, MailStatus status, Instant nextAttemptAt, @Nullable String error);

    long countByStatus(MailStatus status);

    @Query(value = "DELETE FROM mail_outbox WHERE person_id = :personId AND status = 'PENDING'", nativeQuery = true)
    int deletePendingFor(Long personId);

    /** Sent and failed mails hold personal data and live links: they are not kept. */
    @Query(value = "DELETE FROM mail_outbox WHERE status IN ('SENT', 'FAILED') AND created_at < :before LIMIT 5000", nativeQuery = true)
    int deleteFinishedBefore(Instant before);


    @io.micronaut.core.annotation.Introspected
    record StatusCount(MailStatus status, long n) {
    }

    @Query(value = "SELECT status, COUNT(*) AS n FROM mail_outbox WHERE campaign_id = :campaignId GROUP BY status", nativeQuery = true)
    java.util.List<StatusCount> countByCampaign(Long campaignId);

    @Query(value = "DELETE FROM mail_outbox WHERE campaign_id = :campaignId AND status = 'PENDING'", nativeQuery = true)
    int deletePendingOfCampaign(Long campaignId);

    @Query(value = "DELETE FROM mail_outbox WHERE person_id = :personId AND campaign_id IS NOT NULL AND status = 'PENDING'",
            nativeQuery = true)
    int deletePendingCampaignMailsFor(Long personId);

    @Query(value = "DELETE FROM mail_outbox WHERE person_id = :personId OR recipient = :email", nativeQuery = true)
    int deleteFor(Long personId, String email);

    @Query(value = "UPDATE mail_outbox SET reply_to = NULL WHERE reply_to = :email", nativeQuery = true)
    int clearReplyTo(String email);
}
