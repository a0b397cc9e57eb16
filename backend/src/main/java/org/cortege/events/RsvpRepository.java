package org.cortege.events;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface RsvpRepository extends CrudRepository<Rsvp, Long> {

    String ATTENDEE = "SELECT r.id AS rsvp_id, r.public_id AS rsvp_public_id, r.occurrence_id, r.person_id, "
            + "COALESCE(p.first_name, r.guest_name) AS name, COALESCE(p.email, r.guest_email) AS email, "
            + "COALESCE(p.locale, r.locale) AS locale FROM event_rsvp r LEFT JOIN person p ON p.id = r.person_id ";

    Optional<Rsvp> findByOccurrenceIdAndAttendeeKey(Long occurrenceId, String attendeeKey);

    Optional<Rsvp> findByTokenHash(String tokenHash);

    Optional<Rsvp> findByPublicId(String publicId);

    @Query(value = "SELECT COUNT(*) FROM event_rsvp WHERE occurrence_id = :occurrenceId AND status = 'CONFIRMED'", nativeQuery = true)
    int countConfirmed(Long occurrenceId);

    /** Those to write to about a date: an erased person's answer, kept anonymous and counted, has nobody to write to. */
    @Query(value = ATTENDEE + "WHERE r.occurrence_id = :occurrenceId AND r.status = 'CONFIRMED' "
            + "AND (p.id IS NULL OR p.status = 'CONFIRMED') AND COALESCE(p.email, r.guest_email) IS NOT NULL", nativeQuery = true)
    List<Attendee> findAttendees(Long occurrenceId);

    /** Those who confirmed again from the day-before reminder: the last reminder is theirs. */
    @Query(value = ATTENDEE + "WHERE r.occurrence_id = :occurrenceId AND r.status = 'CONFIRMED' AND r.reconfirmed_at IS NOT NULL "
            + "AND (p.id IS NULL OR p.status = 'CONFIRMED') AND COALESCE(p.email, r.guest_email) IS NOT NULL", nativeQuery = true)
    List<Attendee> findReconfirmedAttendees(Long occurrenceId);

    /** "Yes, I'm coming" from the reminder's link: kept once (the first click's time). */
    @Query(value = "UPDATE event_rsvp SET reconfirmed_at = COALESCE(reconfirmed_at, :at) WHERE id = :id AND status = 'CONFIRMED'",
            nativeQuery = true)
    int markReconfirmed(Long id, Instant at);

    /** Takes an answer back if it still holds: 1 for the one request that does it (the organizers are told once), 0 for any other. */
    @Query(value = "UPDATE event_rsvp SET status = 'CANCELLED', token_hash = NULL, token_expires_at = NULL, updated_at = :at "
            + "WHERE id = :id AND status = 'CONFIRMED'", nativeQuery = true)
    int cancelIfConfirmed(Long id, Instant at);

    /** A date moved: the confirmations given for its former time no longer hold. */
    @Query(value = "UPDATE event_rsvp SET reconfirmed_at = NULL WHERE occurrence_id = :occurrenceId", nativeQuery = true)
    void clearReconfirmedOf(Long occurrenceId);

    /** An answer given again starts afresh: no reply to a reminder, nothing said after the date. */
    @Query(value = "UPDATE event_rsvp SET reconfirmed_at = NULL, came_said = NULL, came_said_at = NULL WHERE id = :id", nativeQuery = true)
    void clearReplies(Long id);

    /** What the participant says after the date: came or not (said again, the last word holds). */
    @Query(value = "UPDATE event_rsvp SET came_said = :came, came_said_at = :at WHERE id = :id AND status = 'CONFIRMED'", nativeQuery = true)
    int setCameSaid(Long id, boolean came, Instant at);

    /** 1 for the one request that may thank this participant (once per answer), 0 for any other. */
    @Query(value = "UPDATE event_rsvp SET thanked_at = :at WHERE id = :id AND thanked_at IS NULL", nativeQuery = true)
    int markThanked(Long id, Instant at);

    @Query(value = "SELECT reconfirmed_at FROM event_rsvp WHERE id = :id", nativeQuery = true)
    Optional<Instant> findReconfirmedAt(Long id);

    @Query(value = "SELECT came_said FROM event_rsvp WHERE id = :id", nativeQuery = true)
    Optional<Boolean> findCameSaid(Long id);

    @Query(value = "SELECT r.public_id AS rsvp_public_id, COALESCE(p.first_name, r.guest_name) AS first_name, "
            + "CASE WHEN r.share_contact THEN p.last_name END AS last_name, r.person_id, r.share_contact, "
            + "CASE WHEN r.share_contact THEN COALESCE(p.email, r.guest_email) END AS email, "
            + "CASE WHEN r.share_contact THEN p.phone END AS phone, r.attended, r.created_at AS answered_at, "
            + "r.reconfirmed_at, r.came_said, CASE WHEN r.person_id IS NOT NULL AND NOT EXISTS (SELECT 1 FROM event_rsvp r2 "
            + "JOIN event_occurrence o2 ON o2.id = r2.occurrence_id WHERE r2.person_id = r.person_id AND r2.status = 'CONFIRMED' "
            + "AND o2.state = 'ON' AND (r2.attended OR r2.came_said) AND o2.starts_at < o.starts_at) THEN 1 ELSE 0 END AS never_before "
            + "FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id LEFT JOIN person p ON p.id = r.person_id "
            + "WHERE r.occurrence_id = :occurrenceId AND r.status = 'CONFIRMED' ORDER BY r.created_at, r.id", nativeQuery = true)
    List<Participant.Row> findParticipants(Long occurrenceId);

    @Query(value = "UPDATE event_rsvp SET attended = :attended, updated_at = :now WHERE id = :id", nativeQuery = true)
    void updateAttended(Long id, boolean attended, Instant now);

    /** The dates a supporter said they come to, from {@code from} on. */
    @Query(value = "SELECT o.* FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id "
            + "WHERE r.person_id = :personId AND r.status = 'CONFIRMED' AND o.ends_at > :from AND o.state <> 'HIDDEN' "
            + "ORDER BY o.starts_at LIMIT 500", nativeQuery = true)
    List<Occurrence> findOccurrencesOf(Long personId, Instant from);

    @Query(value = "SELECT occurrence_id FROM event_rsvp WHERE person_id = :personId AND status = 'CONFIRMED' "
            + "AND occurrence_id IN (:occurrenceIds)", nativeQuery = true)
    List<Long> findConfirmedAmong(Long personId, List<Long> occurrenceIds);

    /** Erases visitors' names and emails once their action is long past; the answer and attendance stay counted. */
    @Query(value = "UPDATE event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id SET r.guest_name = NULL, "
            + "r.guest_email = NULL, r.token_hash = NULL, r.attendee_key = CONCAT('x:', r.public_id) "
            + "WHERE r.person_id IS NULL AND r.guest_email IS NOT NULL AND o.ends_at < :before", nativeQuery = true)
    int anonymizeGuestsEndedBefore(Instant before);

    @Query(value = "DELETE FROM event_rsvp WHERE status = 'PENDING' AND token_expires_at < :now", nativeQuery = true)
    int deleteExpiredPending(Instant now);

    /** The start of the latest date the person came to (marked present), if any. */
    @Query(value = "SELECT MAX(o.starts_at) FROM event_rsvp r JOIN event_occurrence o ON o.id = r.occurrence_id "
            + "WHERE r.person_id = :personId AND r.status = 'CONFIRMED' AND r.attended LOCK IN SHARE MODE", nativeQuery = true)
    Optional<Instant> findLastAttended(Long personId);

    /** A person is erased: their answers stay counted (attendance of past actions), with nothing left to say whose. */
    @Query(value = "UPDATE event_rsvp SET person_id = NULL, guest_name = NULL, guest_email = NULL, token_hash = NULL, "
            + "token_expires_at = NULL, share_contact = FALSE, attendee_key = CONCAT('x:', public_id) "
            + "WHERE person_id = :personId OR guest_email = :email OR attendee_key = :emailKey", nativeQuery = true)
    int anonymize(Long personId, String email, String emailKey);
}
