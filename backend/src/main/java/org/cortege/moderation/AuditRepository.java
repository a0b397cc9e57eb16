package org.cortege.moderation;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.List;

@JdbcRepository(dialect = Dialect.MYSQL)
interface AuditRepository extends CrudRepository<AuditEntry, Long> {

    @Query(value = "SELECT * FROM audit_log ORDER BY id DESC LIMIT :limit OFFSET :offset", nativeQuery = true)
    List<AuditEntry> findNewestFirst(int limit, int offset);

    @Query(value = "SELECT * FROM audit_log WHERE target_type = :targetType AND target_id = :targetId AND action <> 'person.view' "
            + "ORDER BY id DESC LIMIT 100",
            nativeQuery = true)
    List<AuditEntry> findForTarget(String targetType, String targetId);
}
