package org.cortege.moderation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface ReportRepository extends CrudRepository<Report, Long> {

    Optional<Report> findByPublicId(String publicId);

    @Query(value = "SELECT * FROM report WHERE status = :status ORDER BY created_at LIMIT :limit OFFSET :offset", nativeQuery = true)
    List<Report> findByStatusOldestFirst(ReportStatus status, int limit, int offset);

    @Query(value = "UPDATE report SET status = 'CLOSED', closed_at = :now, closed_by = :actorId "
            + "WHERE target_type = :targetType AND target_id = :targetId AND status = 'OPEN'", nativeQuery = true)
    int closeAllFor(String targetType, String targetId, Long actorId, Instant now);

    @Query(value = "UPDATE report SET status = 'CLOSED', closed_at = :now, closed_by = :actorId WHERE id = :id AND status = 'OPEN'",
            nativeQuery = true)
    int close(Long id, Long actorId, Instant now);
}
