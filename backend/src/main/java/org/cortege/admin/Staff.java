package org.cortege.admin;

import java.util.List;
import java.util.Set;
import org.cortege.people.Person;
import org.cortege.shared.Sql;

/**
 * Who is working in the contact database: an admin (everyone, everything) or an organizer, who
 * sees and writes to the people of their départements only.
 */
public record Staff(Person person, boolean admin, Set<String> departements) {

    /** The SQL condition on {@code p.departement} that keeps an organizer inside their territory; empty for an admin. */
    Scope scope() {
        if (admin) {
            return new Scope("TRUE", List.of());
        }
        return new Scope("p.departement IN (" + Sql.marks(departements.size()) + ")", List.copyOf(departements));
    }

    /** Whether a person of this département is within reach. */
    boolean reaches(String departement) {
        return admin || departement != null && departements.contains(departement);
    }

    record Scope(String sql, List<Object> params) {
    }
}
