package org.cortege.admin;

import io.micronaut.data.annotation.Query;
import io.micronaut.data.jdbc.annotation.JdbcRepository;
import io.micronaut.data.model.query.builder.sql.Dialect;
import io.micronaut.data.repository.GenericRepository;
import java.util.List;

/** Rows of {@code organizer_territory}. */
@JdbcRepository(dialect = Dialect.MYSQL)
interface TerritoryRepository extends GenericRepository<OrganizerTerritory, OrganizerTerritory.Key> {

    @Query(value = "SELECT departement FROM organizer_territory WHERE person_id = :personId ORDER BY departement", nativeQuery = true)
    List<String> findDepartements(Long personId);

    @Query(value = "DELETE FROM organizer_territory WHERE person_id = :personId", nativeQuery = true)
    void deleteAll(Long personId);

    OrganizerTerritory save(OrganizerTerritory territory);
}
