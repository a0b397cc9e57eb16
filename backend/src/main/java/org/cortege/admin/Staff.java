package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.TreeSet;
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

    /**
     * The territory as stored with work done on the staff member's behalf and run later (campaigns,
     * imports): "13,84", or null for an admin.
     */
    public String scopeText() {
        return admin ? null : String.join(",", new TreeSet<>(departements));
    }

    /** The staff member a stored {@link #scopeText()} stands for; {@code author} may be gone (null). */
    public static Staff ofScope(@Nullable Person author, @Nullable String scope) {
        return scope == null ? new Staff(author, true, Set.of()) : new Staff(author, false, new LinkedHashSet<>(List.of(scope.split(","))));
    }

    /** Whether a person of this département is within reach. */
    public boolean reaches(@Nullable String departement) {
        return admin || departement != null && departements.contains(departement);
    }

    record Scope(String sql, List<Object> params) {
    }
}
