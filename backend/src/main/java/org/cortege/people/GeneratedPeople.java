package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.geo.Place;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * People's bulk writes for generated data (the demo command and the benchmarks): many rows of
 * {@code person} and {@code person_interest} per statement, so only people writes its tables.
 * Never for real people: a sign-up goes through {@link PersonService} (consent, mail), a file
 * through {@link PeopleImport}.
 */
@Singleton
public class GeneratedPeople {

    /** One generated person; {@code confirmedAt} null unless confirmed, {@code lastActiveAt} null when never active. */
    public record Generated(String email, String firstName, String lastName, @Nullable LocalDate birthDate, Place place,
                            PersonStatus status, String source, Instant createdAt, @Nullable Instant confirmedAt,
                            boolean emailConsent, @Nullable Instant lastActiveAt, List<String> interests) {
    }

    private final Sql sql;

    GeneratedPeople(Sql sql) {
        this.sql = sql;
    }

    /** Writes these people and their interests in one transaction; returns how many. */
    @Transactional
    public int insert(List<Generated> people) {
        if (people.isEmpty()) {
            return 0;
        }
        List<List<Object>> rows = new ArrayList<>(people.size());
        for (Generated g : people) {
            Place p = g.place();
            rows.add(Arrays.asList(Tokens.newPublicId(), g.email(), g.firstName(), g.lastName(), g.birthDate(), p.country(),
                    p.postalCode(), p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(), p.precision(), g.status().name(),
                    g.source(), g.createdAt(), g.confirmedAt(), g.createdAt(), g.emailConsent(),
                    g.emailConsent() ? g.createdAt() : null, g.lastActiveAt()));
        }
        sql.batch("INSERT INTO person (public_id, email, first_name, last_name, birth_date, country, postal_code, insee_code, "
                + "commune, departement, lat, lng, geo_precision, locale, status, source, created_at, confirmed_at, updated_at, "
                + "email_consent, email_consent_at, last_active_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?, ?, ?, ?, ?)", rows);

        List<Generated> withInterests = people.stream().filter(g -> !g.interests().isEmpty()).toList();
        if (!withInterests.isEmpty()) {
            List<Object> emails = new ArrayList<>(withInterests.stream().map(Generated::email).toList());
            Map<String, Long> ids = new HashMap<>();
            sql.list("SELECT id, email FROM person WHERE email IN (" + Sql.marks(emails.size()) + ")", emails,
                    rs -> ids.put(rs.getString(2), rs.getLong(1)));
            List<List<Object>> interests = new ArrayList<>();
            for (Generated g : withInterests) {
                for (String interest : g.interests()) {
                    interests.add(List.of(ids.get(g.email()), interest));
                }
            }
            sql.batch("INSERT INTO person_interest (person_id, interest_key) VALUES (?, ?)", interests);
        }
        return people.size();
    }

    /** Up to {@code limit} confirmed people written with this source (the founders of generated groups). */
    public List<Long> confirmedFrom(String source, int limit) {
        return sql.list("SELECT id FROM person WHERE source = ? AND status = ? LIMIT ?",
                List.of(source, PersonStatus.CONFIRMED.name(), limit), rs -> rs.getLong(1));
    }
}
