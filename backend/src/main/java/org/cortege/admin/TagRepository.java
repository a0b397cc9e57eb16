package org.cortege.admin;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;

/** Rows of {@code tag}; who carries a tag (person_tag, over a selection) is bulk SQL in TagService. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface TagRepository extends CrudRepository<ContactTag, Long> {
}
