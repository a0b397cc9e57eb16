package org.cortege.events;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface EventRepository extends CrudRepository<Event, Long> {

    Optional<Event> findByPublicId(String publicId);

    Optional<Event> findBySlug(String slug);

    boolean existsBySlug(String slug);

    @Query(value = "SELECT * FROM event WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Event> findByIdForUpdate(Long id);

    /** The groups that accepted to co-organise the action. */
    @Query(value = "SELECT group_id FROM event_cohost WHERE event_id = :eventId AND status = 'ACCEPTED'", nativeQuery = true)
    List<Long> findCohostIds(Long eventId);

    @Query(value = "SELECT group_id, status FROM event_cohost WHERE event_id = :eventId", nativeQuery = true)
    List<Cohost> findCohosts(Long eventId);

    @Query(value = "DELETE FROM event_cohost WHERE event_id = :eventId AND group_id = :groupId", nativeQuery = true)
    void deleteCohost(Long eventId, Long groupId);

    @Query(value = "INSERT INTO event_cohost (event_id, group_id, status, invited_at, answered_at) "
            + "VALUES (:eventId, :groupId, :status, :now, IF(:status = 'PENDING', NULL, :now))", nativeQuery = true)
    void insertCohost(Long eventId, Long groupId, String status, Instant now);

    @Query(value = "UPDATE event_cohost SET status = :status, answered_at = :now WHERE event_id = :eventId AND group_id = :groupId "
            + "AND status <> :status", nativeQuery = true)
    int answerCohost(Long eventId, Long groupId, String status, Instant now);

    /** Invitations a group received, newest first (accepted ones too, to be withdrawn). */
    @Query(value = "SELECT c.event_id, c.status, c.invited_at FROM event_cohost c JOIN event e ON e.id = c.event_id "
            + "WHERE c.group_id = :groupId AND c.status IN ('PENDING', 'ACCEPTED') AND e.status <> 'HIDDEN' "
            + "ORDER BY c.status = 'PENDING' DESC, c.invited_at DESC LIMIT 50", nativeQuery = true)
    List<Invitation> findInvitations(Long groupId);

    @io.micronaut.core.annotation.Introspected
    record Cohost(Long groupId, String status) {
    }

    @io.micronaut.core.annotation.Introspected
    record Invitation(Long eventId, String status, @io.micronaut.core.annotation.Nullable Instant invitedAt) {
    }

    /** Published actions with a date to come or of the last month, most recently changed first (for the sitemap). */
    @Query(value = "SELECT e.slug, e.group_id, e.updated_at FROM event e WHERE e.status = 'PUBLISHED' AND EXISTS ("
            + "SELECT 1 FROM event_occurrence o WHERE o.event_id = e.id AND o.ends_at >= :since) "
            + "ORDER BY e.updated_at DESC LIMIT :limit", nativeQuery = true)
    List<Listed> findListed(Instant since, int limit);

    @io.micronaut.core.annotation.Introspected
    record Listed(String slug, Long groupId, Instant updatedAt) {
    }

    /** The communes actions take place in by their commune's point (not a pin their organizers placed). */
    @Query(value = "SELECT DISTINCT postal_code, insee_code FROM event WHERE geo_precision <> 'manual' AND postal_code IS NOT NULL "
            + "AND insee_code IS NOT NULL", nativeQuery = true)
    List<org.cortege.geo.StoredPlace> findCommunePlaces();

    /** Moves the actions of a commune and their dates (which carry the point for the map and the lists). */
    @Query(value = "UPDATE event e LEFT JOIN event_occurrence o ON o.event_id = e.id SET e.lat = :lat, e.lng = :lng, "
            + "e.geo_precision = :precision, o.lat = :lat, o.lng = :lng WHERE e.postal_code = :postalCode AND e.insee_code = :inseeCode "
            + "AND e.geo_precision <> 'manual' AND (e.lat <> :lat OR e.lng <> :lng OR e.geo_precision <> :precision)", nativeQuery = true)
    int movePlace(String postalCode, String inseeCode, double lat, double lng, String precision);

    @Query(value = "SELECT public_id FROM event WHERE created_by = :personId AND status <> 'HIDDEN'", nativeQuery = true)
    List<String> findVisibleCreatedBy(Long personId);
}
