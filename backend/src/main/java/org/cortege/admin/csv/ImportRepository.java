package org.cortege.admin.csv;

import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.CrudRepository;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Rows of {@code contact_import} (see {@link ContactImport} for what goes elsewhere). */
@JdbcRepository(dialect = Dialect.MYSQL)
interface ImportRepository extends CrudRepository<ContactImport, Long> {

    /** The row, locked until the transaction ends: a second click waits, then finds it started. */
    Optional<ContactImport> findByIdForUpdate(Long id);

    /** The sizes of someone's imports in these states (the open uploads they may still hold). */
    List<Integer> findFileSizeByCreatedByAndStatusIn(Long createdBy, Collection<ImportStatus> status);

    /** Removes the upload only if it is still one (a file refused for what it holds). */
    int deleteByIdAndStatus(Long id, ImportStatus status);
}
