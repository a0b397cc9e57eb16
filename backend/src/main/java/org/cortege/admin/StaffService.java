package org.cortege.admin;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.cortege.geo.GeoService;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;

/** Admins and territory-scoped organizers: who may open the contact database, and on whom. */
@Singleton
public class StaffService {

    private final TerritoryRepository territories;
    private final GeoService geo;
    private final AuditLog audit;
    private final org.cortege.people.PersonService people;

    StaffService(TerritoryRepository territories, GeoService geo, AuditLog audit,
                 org.cortege.people.PersonService people) {
        this.people = people;
        this.territories = territories;
        this.geo = geo;
        this.audit = audit;
    }

    /** The staff member this person is now: an admin, an organizer of their current départements, or nobody. */
    public java.util.Optional<Staff> current(Person person) {
        if (person.admin()) {
            return java.util.Optional.of(new Staff(person, true, Set.of()));
        }
        List<String> departements = territories.findDepartements(person.id());
        return departements.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Staff(person, false, Set.copyOf(departements)));
    }

    /**
     * What work stored on a staff member's behalf (a campaign, an import) may still reach now: the
     * territory it was started with, narrowed to what its author holds today. Empty when the author
     * is gone, banned, or no longer staff: the work must stop.
     */
    public java.util.Optional<Staff> forStoredWork(@io.micronaut.core.annotation.Nullable Long authorId,
                                                   @io.micronaut.core.annotation.Nullable String scope) {
        if (authorId == null) {
            return java.util.Optional.empty();
        }
        return people.findActive(authorId).flatMap(this::current).flatMap(now -> {
            Staff stored = Staff.ofScope(now.person(), scope);
            if (now.admin()) {
                return java.util.Optional.of(stored);
            }
            if (stored.admin()) {
                return java.util.Optional.of(now);
            }
            Set<String> both = new java.util.TreeSet<>(stored.departements());
            both.retainAll(now.departements());
            return both.isEmpty() ? java.util.Optional.empty() : java.util.Optional.of(new Staff(now.person(), false, both));
        });
    }

    /** The départements an organizer covers (empty: not an organizer). */
    public List<String> departementsOf(Long personId) {
        return territories.findDepartements(personId);
    }

    /**
     * Makes a person an organizer of these départements (replacing what they had), or no longer one
     * with an empty list. Logged.
     *
     * @throws ApiException 400 on an unknown département
     */
    @Transactional
    public List<String> setTerritories(Staff admin, Person person, List<String> codes) {
        Set<String> wanted = new LinkedHashSet<>();
        for (String raw : codes) {
            String code = raw == null ? "" : raw.strip().toUpperCase();
            if (!geo.departementExists(code)) {
                throw ApiException.invalidField("departements", "validation.departementUnknown", raw);
            }
            wanted.add(code);
        }
        territories.deleteAll(person.id());
        Instant now = Instant.now();
        for (String code : wanted) {
            territories.save(new OrganizerTerritory(new OrganizerTerritory.Key(person.id(), code), admin.person().id(), now));
        }
        audit.record(admin.person(), "person.territories", "person", person.publicId(),
                wanted.isEmpty() ? "—" : String.join(", ", wanted));
        return List.copyOf(wanted);
    }

    static ApiException forbidden() {
        return ApiException.of(HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
    }
}
