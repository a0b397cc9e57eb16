package org.cortege.events;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface OccurrenceRepository extends CrudRepository<Occurrence, Long> {

    Optional<Occurrence> findByPublicId(String publicId);

    List<Occurrence> findByEventIdOrderByStartsAt(Long eventId);

    @Query(value = "SELECT * FROM event_occurrence WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Occurrence> findByIdForUpdate(Long id);

    String STATE = "o.state = CASE WHEN e.status = 'HIDDEN' OR g.status = 'HIDDEN' THEN 'HIDDEN' "
            + "WHEN e.status = 'CANCELLED' OR o.cancelled THEN 'CANCELLED' ELSE 'ON' END";

    /** Recomputes every date's state from the action's status, its group's, and the date's own cancellation. */
    @Query(value = "UPDATE event_occurrence o JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = e.group_id SET "
            + STATE + " WHERE o.event_id = :eventId", nativeQuery = true)
    void refreshStates(Long eventId);

    @Query(value = "UPDATE event_occurrence o JOIN event e ON e.id = o.event_id JOIN support_group g ON g.id = e.group_id SET "
            + STATE + " WHERE o.group_id = :groupId", nativeQuery = true)
    void refreshStatesOfGroup(Long groupId);

    @Query(value = "UPDATE event_occurrence SET sequence = sequence + 1 WHERE event_id = :eventId AND ends_at > :now", nativeQuery = true)
    void bumpSequenceOfComing(Long eventId, Instant now);

    @Query(value = "UPDATE event_occurrence SET rsvp_count = (SELECT COUNT(*) FROM event_rsvp r WHERE r.occurrence_id = :id "
            + "AND r.status = 'CONFIRMED'), attended_count = (SELECT COUNT(*) FROM event_rsvp r WHERE r.occurrence_id = :id "
            + "AND r.attended) WHERE id = :id", nativeQuery = true)
    void refreshCounts(Long id);

    @Query(value = "UPDATE event_occurrence SET type = :type, departement = :departement, lat = :lat, lng = :lng WHERE event_id = :eventId",
            nativeQuery = true)
    void copyEventFields(Long eventId, String type, String departement, Double lat, Double lng);

    /** Dates whose reminder is due, locked so that one node alone sends it. */
    @Query(value = "SELECT * FROM event_occurrence WHERE reminder_sent_at IS NULL AND state = 'ON' AND starts_at > :now "
            + "AND starts_at <= :until ORDER BY starts_at LIMIT 50 FOR UPDATE SKIP LOCKED", nativeQuery = true)
    List<Occurrence> lockDueReminders(Instant now, Instant until);

    @Query(value = "UPDATE event_occurrence SET reminder_sent_at = :at WHERE id = :id", nativeQuery = true)
    void markReminderSent(Long id, Instant at);

    /** Dates whose last reminder (to those who confirmed again) is due, locked so that one node alone sends it. */
    @Query(value = "SELECT * FROM event_occurrence WHERE last_reminder_sent_at IS NULL AND state = 'ON' AND starts_at > :now "
            + "AND starts_at <= :until ORDER BY starts_at LIMIT 50 FOR UPDATE SKIP LOCKED", nativeQuery = true)
    List<Occurrence> lockDueLastReminders(Instant now, Instant until);

    @Query(value = "UPDATE event_occurrence SET last_reminder_sent_at = :at WHERE id = :id", nativeQuery = true)
    void markLastReminderSent(Long id, Instant at);

    /** A group's next dates, soonest first (those it hosts). */
    @Query(value = "SELECT * FROM event_occurrence WHERE group_id = :groupId AND state = 'ON' AND starts_at > :now ORDER BY starts_at "
            + "LIMIT 3", nativeQuery = true)
    List<Occurrence> findNextOfGroup(Long groupId, Instant now);

    /** A date moved: its last reminder is due again for the new time. */
    @Query(value = "UPDATE event_occurrence SET last_reminder_sent_at = NULL WHERE id = :id", nativeQuery = true)
    void clearLastReminder(Long id);

    /**
     * Dates ended between {@code since} and {@code until} whose follow-up ("were you there?") is due, locked so that one node
     * alone sends it; dates older than {@code since} are never followed up (nobody is asked about last year's action).
     */
    @Query(value = "SELECT * FROM event_occurrence WHERE followup_sent_at IS NULL AND state = 'ON' AND ends_at > :since "
            + "AND ends_at <= :until ORDER BY ends_at LIMIT 50 FOR UPDATE SKIP LOCKED", nativeQuery = true)
    List<Occurrence> lockDueFollowups(Instant since, Instant until);

    @Query(value = "UPDATE event_occurrence SET followup_sent_at = :at WHERE id = :id", nativeQuery = true)
    void markFollowupSent(Long id, Instant at);
}
