package org.cortege.events;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.time.Instant;
import java.util.Optional;

@JdbcRepository(dialect = Dialect.MYSQL)
interface CalendarFeedRepository extends CrudRepository<CalendarFeed, Long> {

    Optional<CalendarFeed> findByTokenHash(String tokenHash);

    /** A new link replaces the person's previous one in one statement (two renewals at once leave the later one). */
    @Query(value = "INSERT INTO calendar_feed (person_id, token_hash, created_at) VALUES (:personId, :tokenHash, :createdAt) "
            + "ON DUPLICATE KEY UPDATE token_hash = VALUES(token_hash), created_at = VALUES(created_at)", nativeQuery = true)
    void replace(Long personId, String tokenHash, Instant createdAt);
}
