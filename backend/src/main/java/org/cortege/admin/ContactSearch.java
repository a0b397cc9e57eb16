package org.cortege.admin;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Sql;

/**
 * Reads the contact database: which people a search (text and rule tree) selects within the
 * staff member's territory, how many, and a sorted page of them with what the table shows.
 */
@Singleton
class ContactSearch {

    /** The people a search selects: {@code FROM person p WHERE …} with its parameters. */
    record Where(String from, List<Object> params) {
    }

    /** InnoDB's default full-text stopwords: a required stopword would match nobody. */
    private static final Set<String> STOPWORDS = Set.of("about", "are", "com", "for", "from", "how", "that", "the", "this",
            "was", "what", "when", "where", "who", "will", "with", "und", "www");

    private static final Map<String, String> SORTS = Map.of(
            "name", "p.last_name %1$s, p.first_name %1$s, p.id %1$s",
            // Rows arrive in sign-up order, so the id is the sign-up order: every secondary index carries it, and a
            // filtered page sorts on it without reading each matching row (see docs/benchmarks.md).
            "created", "p.id %1$s",
            "lastActive", "p.last_active_at %1$s, p.id %1$s",
            "commune", "p.commune %1$s, p.last_name, p.id",
            "departement", "p.departement %1$s, p.last_name, p.id",
            "age", "p.birth_date %2$s, p.id");

    private final Sql sql;
    private final SegmentSql segments;
    private final InstanceSettings settings;

    ContactSearch(Sql sql, SegmentSql segments, InstanceSettings settings) {
        this.sql = sql;
        this.segments = segments;
        this.settings = settings;
    }

    /**
     * The staff member's people matching the text (names, email: full-text words, or the start of an
     * address when it holds an @) and the rule tree.
     */
    Where select(Staff staff, @Nullable String text, @Nullable SegmentRule rule) {
        List<Object> params = new ArrayList<>();
        StringBuilder from = new StringBuilder(" FROM person p WHERE ");
        Staff.Scope scope = staff.scope();
        from.append(scope.sql());
        params.addAll(scope.params());
        String t = text == null ? "" : text.strip();
        if (t.length() > 100) {
            throw ApiException.invalidField("q", "validation.Size", 0, 100);
        }
        if (!t.isEmpty()) {
            from.append(" AND ").append(textCondition(t, params));
        }
        SegmentSql.Condition condition = segments.compile(rule);
        from.append(" AND ").append(condition.sql());
        params.addAll(condition.params());
        return new Where(from.toString(), params);
    }

    long count(Where s) {
        return sql.number("SELECT COUNT(*)" + s.from(), s.params());
    }

    /**
     * Below this many matches, the page is taken by sorting the matches (found through the
     * filters' indexes) rather than by walking a sort index until enough match: at a million
     * people, walking the sign-up date index for a segment of a few hundred read tens of
     * thousands of rows (1.5 s; see docs/benchmarks.md).
     */
    static final long SPARSE = 10_000;

    private static final String SORT_INDEXES = " IGNORE INDEX FOR ORDER BY (idx_person_created, idx_person_last_name, idx_person_last_active) ";

    /**
     * A page of rows; {@code sort} one of name, created, lastActive, commune, departement, age;
     * {@code matches} the selection's count, which picks how to read it.
     */
    List<ContactRow> page(Where s, String sort, boolean descending, int page, int size, long matches) {
        String order = SORTS.get(sort);
        if (order == null) {
            throw ApiException.invalidField("sort", "validation.Invalid");
        }
        String dir = descending ? "DESC" : "ASC";
        String reverse = descending ? "ASC" : "DESC";
        List<Object> params = new ArrayList<>(s.params());
        params.add(size);
        params.add((long) (page - 1) * size);
        String orderBy = " ORDER BY " + String.format(order, dir, reverse);
        // A deferred join: the page's ids first (sorted on what the indexes hold), then only those rows are read whole.
        String ids = "SELECT p.id" + (matches <= SPARSE ? s.from().replaceFirst(" FROM person p ", " FROM person p" + SORT_INDEXES) : s.from())
                + orderBy + " LIMIT ? OFFSET ?";
        List<Base> bases = sql.list("SELECT p.id, p.public_id, p.first_name, p.last_name, p.email, p.phone, p.postal_code, "
                        + "p.commune, p.departement, p.birth_date, p.created_at, p.source, p.last_active_at, p.email_consent, p.status "
                        + "FROM (" + ids + ") page JOIN person p ON p.id = page.id" + orderBy,
                params, ContactSearch::base);
        return rows(bases);
    }

    /** The table's rows for these people, in this order. */
    List<ContactRow> rows(List<Base> bases) {
        if (bases.isEmpty()) {
            return List.of();
        }
        List<Object> ids = bases.stream().map(b -> (Object) b.id()).toList();
        String in = "(" + Sql.marks(ids.size()) + ")";
        Map<Long, List<String>> interests = new HashMap<>();
        for (Object[] r : sql.list("SELECT person_id, interest_key FROM person_interest WHERE person_id IN " + in
                + " ORDER BY interest_key", ids, rs -> new Object[] {rs.getLong(1), rs.getString(2)})) {
            interests.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((String) r[1]);
        }
        Map<Long, List<ContactRow.TagRef>> tags = new HashMap<>();
        for (Object[] r : sql.list("SELECT pt.person_id, t.id, t.name FROM person_tag pt JOIN tag t ON t.id = pt.tag_id "
                + "WHERE pt.person_id IN " + in + " ORDER BY t.name", ids, rs -> new Object[] {rs.getLong(1), rs.getLong(2), rs.getString(3)})) {
            tags.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add(new ContactRow.TagRef((Long) r[1], (String) r[2]));
        }
        Map<Long, List<ContactRow.GroupRef>> groups = new HashMap<>();
        for (Object[] r : sql.list("SELECT m.person_id, g.slug, g.name, m.role FROM group_membership m "
                + "JOIN support_group g ON g.id = m.group_id WHERE m.person_id IN " + in + " ORDER BY g.name", ids,
                rs -> new Object[] {rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)})) {
            groups.computeIfAbsent((Long) r[0], k -> new ArrayList<>())
                    .add(new ContactRow.GroupRef((String) r[1], (String) r[2], ((String) r[3]).toLowerCase(Locale.ROOT)));
        }
        Map<Long, Integer> attended = new HashMap<>();
        for (long[] r : sql.list("SELECT person_id, COUNT(*) FROM event_rsvp WHERE person_id IN " + in
                + " AND status = 'CONFIRMED' AND attended GROUP BY person_id", ids, rs -> new long[] {rs.getLong(1), rs.getLong(2)})) {
            attended.put(r[0], (int) r[1]);
        }
        LocalDate today = LocalDate.now(settings.timeZone());
        return bases.stream().map(b -> new ContactRow(b.publicId(), b.firstName(), b.lastName(), b.email(), b.phone(),
                b.postalCode(), b.commune(), b.departement(), b.birthDate() == null ? null : Period.between(b.birthDate(), today).getYears(),
                interests.getOrDefault(b.id(), List.of()), tags.getOrDefault(b.id(), List.of()), groups.getOrDefault(b.id(), List.of()),
                attended.getOrDefault(b.id(), 0), b.createdAt(), b.source(), b.lastActiveAt(), b.emailConsent(), b.status())).toList();
    }

    /** The columns of {@code person} the table reads. */
    record Base(long id, String publicId, String firstName, String lastName, String email, @Nullable String phone,
                String postalCode, @Nullable String commune, @Nullable String departement, @Nullable LocalDate birthDate,
                Instant createdAt, String source, @Nullable Instant lastActiveAt, boolean emailConsent,
                org.cortege.people.PersonStatus status) {
    }

    static Base base(ResultSet rs) throws SQLException {
        Timestamp active = rs.getTimestamp("last_active_at");
        return new Base(rs.getLong("id"), rs.getString("public_id"), rs.getString("first_name"), rs.getString("last_name"),
                rs.getString("email"), rs.getString("phone"), rs.getString("postal_code"), rs.getString("commune"),
                rs.getString("departement"), rs.getObject("birth_date", LocalDate.class), rs.getTimestamp("created_at").toInstant(),
                rs.getString("source"), active == null ? null : active.toInstant(), rs.getBoolean("email_consent"), org.cortege.people.PersonStatus.valueOf(rs.getString("status")));
    }

    /**
     * Words of three letters or more go to the full-text index (each required, as a prefix);
     * shorter ones must start a first or last name; text with an @ is the start of an address.
     */
    private static String textCondition(String text, List<Object> params) {
        if (text.contains("@")) {
            params.add(like(text.toLowerCase(Locale.ROOT)));
            return "p.email LIKE ? ESCAPE '!'";
        }
        List<String> conditions = new ArrayList<>();
        List<Object> likes = new ArrayList<>();
        StringBuilder against = new StringBuilder();
        for (String word : text.split("[^\\p{L}\\p{N}]+")) {
            if (word.isEmpty()) {
                continue;
            }
            String w = word.toLowerCase(Locale.ROOT);
            if (w.length() >= 3 && !STOPWORDS.contains(w)) {
                against.append(against.length() == 0 ? "" : " ").append('+').append(w.length() > 80 ? w.substring(0, 80) : w).append('*');
            } else {
                conditions.add("(p.first_name LIKE ? ESCAPE '!' OR p.last_name LIKE ? ESCAPE '!')");
                likes.add(like(w));
                likes.add(like(w));
            }
        }
        if (against.length() > 0) {
            conditions.add(0, "MATCH (p.first_name, p.last_name, p.email) AGAINST (? IN BOOLEAN MODE)");
            params.add(against.toString());
        }
        params.addAll(likes);
        return conditions.isEmpty() ? "TRUE" : "(" + String.join(" AND ", conditions) + ")";
    }

    private static String like(String prefix) {
        return prefix.replace("!", "!!").replace("%", "!%").replace("_", "!_") + "%";
    }
}
