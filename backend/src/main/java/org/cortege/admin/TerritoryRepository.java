package org.cortege.admin;

import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.List;
import org.cortege.shared.Sql;

/** Rows of {@code organizer_territory}. */
@Singleton
class TerritoryRepository {

    private final Sql sql;

    TerritoryRepository(Sql sql) {
        this.sql = sql;
    }

    List<String> findDepartements(Long personId) {
        return sql.list("SELECT departement FROM organizer_territory WHERE person_id = ? ORDER BY departement",
                List.of(personId), rs -> rs.getString(1));
    }

    void deleteAll(Long personId) {
        sql.update("DELETE FROM organizer_territory WHERE person_id = ?", List.of(personId));
    }

    void insert(Long personId, String departement, Long grantedBy, Instant grantedAt) {
        sql.update("INSERT INTO organizer_territory (person_id, departement, granted_by, granted_at) VALUES (?, ?, ?, ?)",
                List.of(personId, departement, grantedBy, grantedAt));
    }
}
