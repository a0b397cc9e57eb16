package org.cortege.people;

import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.cortege.shared.Sql;

/** Writes a person's interest rows in one statement (a sign-up's interests were one round trip each). */
@Singleton
class InterestRows {

    private final Sql sql;

    InterestRows(Sql sql) {
        this.sql = sql;
    }

    /** Adds the rows for keys already checked against the configured list ({@link ProfileInputs#interests}). */
    void insert(Long personId, List<String> keys) {
        if (keys.isEmpty()) {
            return;
        }
        List<Object> params = new ArrayList<>(keys.size() * 2);
        for (String key : keys) {
            params.add(personId);
            params.add(key);
        }
        sql.update("INSERT INTO person_interest (person_id, interest_key) VALUES "
                + String.join(", ", Collections.nCopies(keys.size(), "(?, ?)")), params);
    }
}
