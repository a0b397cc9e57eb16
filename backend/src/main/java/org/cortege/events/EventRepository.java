package org.cortege.events;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface EventRepository extends CrudRepository<Event, Long> {

    Optional<Event> findByPublicId(String publicId);

    Optional<Event> findBySlug(String slug);

    boolean existsBySlug(String slug);

    @Query(value = "SELECT * FROM event WHERE id = :id FOR UPDATE", nativeQuery = true)
    Optional<Event> findByIdForUpdate(Long id);

    @Query(value = "SELECT group_id FROM event_cohost WHERE event_id = :eventId", nativeQuery = true)
    List<Long> findCohostIds(Long eventId);

    @Query(value = "DELETE FROM event_cohost WHERE event_id = :eventId", nativeQuery = true)
    void deleteCohosts(Long eventId);

    @Query(value = "INSERT INTO event_cohost (event_id, group_id) VALUES (:eventId, :groupId)", nativeQuery = true)
    void insertCohost(Long eventId, Long groupId);

    @Query(value = "SELECT public_id FROM event WHERE created_by = :personId AND status <> 'HIDDEN'", nativeQuery = true)
    List<String> findVisibleCreatedBy(Long personId);
}
