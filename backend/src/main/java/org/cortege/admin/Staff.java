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
 * sees and writes to the people of their départements only. The one place that turns that
 * territory into SQL ({@link #scope()}, {@link #scopeOn}) or into a yes/no ({@link #reaches}):
 * every read, count, write, export, tag, mailing, import match and dashboard figure of the admin
 * features goes through it ({@code TerritoryInOnePlaceTest} fails on a territory written by hand).
 */
public record Staff(Person person, boolean admin, Set<String> departements) {

    /** The SQL condition on {@code p.departement} that keeps an organizer inside their territory; TRUE for an admin. */
    Scope scope() {
        return scopeOn("p.departement");
    }

    /**
     * The same condition on another column holding a département ({@code g.departement} of a group,
     * {@code o.departement} of an action's date, {@code departement} without alias).
     */
    public Scope scopeOn(String departementColumn) {
        if (!departementColumn.matches("([a-z]+\\.)?departement")) {
            throw new IllegalArgumentException("not a département column: " + departementColumn);
        }
        if (admin) {
            return new Scope("TRUE", List.of());
        }
        return new Scope(departementColumn + " IN (" + Sql.marks(departements.size()) + ")", List.copyOf(departements));
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

    /** A condition to AND into a query, and its parameters in order. */
    public record Scope(String sql, List<Object> params) {
    }
}
