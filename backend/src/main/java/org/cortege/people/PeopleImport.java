package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.TransactionDefinition;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.geo.Place;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * People's side of the contact import (the admin feature reads the file, checks each line and who
 * may import whom): the rows of {@code person}, their interests and the mailing consent a file
 * proves, written here in batches, so only people writes its tables.
 */
@Singleton
public class PeopleImport {

    /** One person of a file. {@code place} null: no usable postal code (the instance's country is kept). */
    public record Line(String email, @Nullable String firstName, @Nullable String lastName, @Nullable String phone,
                       @Nullable LocalDate birthDate, @Nullable Place place, List<String> interests, boolean emailConsent) {
    }

    /** Someone the file names who is already known: whether banned, and their département (the importer's reach). */
    public record Known(long id, boolean banned, @Nullable String departement) {
    }

    private final Sql sql;
    private final String country;

    PeopleImport(Sql sql, org.cortege.geo.GeoService geo) {
        this.sql = sql;
        this.country = geo.country();
    }

    /** The known people among these addresses (normalized as stored), by address. */
    public Map<String, Known> known(Collection<String> emails) {
        Map<String, Known> known = new HashMap<>();
        if (emails.isEmpty()) {
            return known;
        }
        List<Object> list = new ArrayList<>(emails);
        sql.list("SELECT id, email, status, departement FROM person WHERE email IN (" + Sql.marks(list.size()) + ")", list,
                rs -> known.put(rs.getString(2), new Known(rs.getLong(1), Person.BANNED.equals(rs.getString(3)), rs.getString(4))));
        return known;
    }

    /**
     * Creates {@code created} as contacts (status CONTACT, their mailing consent as the file gives it,
     * proven by {@code consentWording} when given), fills what the file gives into {@code updated} (by
     * id; never their consent: only the person gives or withdraws it), and adds the interests of both.
     * With {@code relation}, those of them not yet members or regular contacts become so from today
     * (an import that declared its people regular contacts). In the caller's transaction. Returns the
     * id of every address written.
     */
    @Transactional(propagation = TransactionDefinition.Propagation.MANDATORY)
    public Map<String, Long> importBatch(List<Line> created, Map<Long, Line> updated, String source, String consentVersion,
                                         String consentWording, @Nullable Relation relation, Instant now) {
        List<List<Object>> inserts = new ArrayList<>();
        for (Line d : created) {
            Place p = d.place();
            inserts.add(Arrays.asList(Tokens.newPublicId(), d.email(), d.firstName(), d.lastName(), d.phone(), d.birthDate(),
                    p == null ? country : p.country(), p == null ? "" : p.postalCode(), p == null ? null : p.inseeCode(),
                    p == null ? null : p.commune(), p == null ? null : p.departement(), p == null ? null : p.lat(),
                    p == null ? null : p.lng(), p == null ? null : p.precision(), source, now, now, d.emailConsent(),
                    d.emailConsent() ? now : null));
        }
        sql.batch("INSERT INTO person (public_id, email, first_name, last_name, phone, birth_date, country, postal_code, insee_code, "
                + "commune, departement, lat, lng, geo_precision, locale, status, source, created_at, updated_at, email_consent, "
                + "email_consent_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'fr', 'CONTACT', ?, ?, ?, ?, ?)", inserts);
        updated.forEach((id, d) -> update(id, d, now));

        Map<String, Long> ids = new HashMap<>();
        List<Object> emails = new ArrayList<>(created.stream().map(Line::email).toList());
        emails.addAll(updated.values().stream().map(Line::email).toList());
        if (!emails.isEmpty()) {
            sql.list("SELECT id, email FROM person WHERE email IN (" + Sql.marks(emails.size()) + ")", emails,
                    rs -> ids.put(rs.getString(2), rs.getLong(1)));
        }
        List<List<Object>> consents = new ArrayList<>();
        List<List<Object>> interests = new ArrayList<>();
        for (Line d : created) {
            if (d.emailConsent()) {
                consents.add(List.of(ids.get(d.email()), "email", consentVersion, "fr", consentWording, now));
            }
        }
        List<Line> touched = new ArrayList<>(created);
        touched.addAll(updated.values());
        for (Line d : touched) {
            for (String interest : d.interests()) {
                interests.add(List.of(ids.get(d.email()), interest));
            }
        }
        sql.batch("INSERT INTO consent (person_id, purpose, version, locale, wording, given_at) VALUES (?, ?, ?, ?, ?, ?)", consents);
        sql.batch("INSERT IGNORE INTO person_interest (person_id, interest_key) VALUES (?, ?)", interests);
        if (relation != null && !ids.isEmpty()) {
            // the file's people are regular contacts from today, unless staff already said more (a member stays one)
            List<Object> params = new ArrayList<>(List.of(relation.name(), now.atZone(java.time.ZoneOffset.UTC).toLocalDate()));
            params.addAll(ids.values());
            sql.update("UPDATE person SET relation = ?, relation_since = ? WHERE relation IS NULL AND id IN (" + Sql.marks(ids.size())
                    + ")", params);
        }
        return ids;
    }

    /** Fills what the file gives, keeps the rest; never touches consent. */
    private void update(long id, Line d, Instant now) {
        Place p = d.place();
        List<Object> params = new ArrayList<>(Arrays.asList(d.firstName(), d.lastName(), d.phone(), d.birthDate()));
        String geoColumns = "";
        if (p != null) {
            geoColumns = ", postal_code = ?, insee_code = ?, commune = ?, departement = ?, lat = ?, lng = ?, geo_precision = ?";
            params.addAll(List.of(p.postalCode(), p.inseeCode(), p.commune(), p.departement(), p.lat(), p.lng(), p.precision()));
        }
        params.add(now);
        params.add(id);
        sql.update("UPDATE person SET first_name = COALESCE(NULLIF(?, ''), first_name), last_name = COALESCE(NULLIF(?, ''), last_name), "
                + "phone = COALESCE(?, phone), birth_date = COALESCE(?, birth_date)" + geoColumns + ", updated_at = ? WHERE id = ?", params);
    }
}
