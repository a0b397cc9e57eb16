package org.cortege.admin;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Optional;

/** Rows of {@code segment}; the list with each author's name is a read of SegmentService. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface SegmentRepository extends CrudRepository<Segment, Long> {

    Optional<Segment> findByIdForUpdate(Long id);
}
