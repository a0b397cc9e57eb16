package org.cortege.demo;

import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Tokens;

/**
 * Generated, plainly fake data for demos and benchmarks: supporters placed over France in
 * proportion to commune population, with plausible names, ages and interests. One generator for
 * every feature (groups and actions will extend it). Addresses use the reserved {@code .invalid}
 * top-level domain so no mail can ever reach anyone.
 * Why it is long: millions of rows for benchmarks are written in bulk here, for every feature at
 * once; it is the last writer of other features' tables (docs/architecture.md), to move behind each
 * owner's bulk service.
 */
@Singleton
public class DemoData {

    /** A generated supporter, as a sign-up form would send it. */
    public record Supporter(String email, String firstName, String lastName, String postalCode, String inseeCode,
                            String commune, String departement, double lat, double lng, String precision,
                            LocalDate birthDate, List<String> interests) {
    }

    private static final String[] FIRST_NAMES = {"Camille", "Léa", "Manon", "Chloé", "Inès", "Jade", "Louise", "Emma", "Alice",
        "Zoé", "Yasmine", "Fatou", "Nadia", "Claire", "Sophie", "Lucas", "Hugo", "Louis", "Nathan", "Gabriel", "Jules",
        "Adam", "Mohamed", "Karim", "Théo", "Arthur", "Paul", "Malik", "Julien", "Thomas", "Nicolas", "Pierre", "Marie"};
    private static final String[] LAST_NAMES = {"Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefebvre", "Michel", "Garcia", "David", "Bertrand", "Roux", "Vincent",
        "Fournier", "Morel", "Girard", "Andre", "Mercier", "Dupont", "Lambert", "Bonnet", "François", "Martinez", "Benali",
        "Diallo", "Nguyen", "Traoré", "Le Gall", "Da Silva", "N’Diaye"};

    private record Commune(String postalCode, String inseeCode, String name, String departement, double lat, double lng,
                           String precision, long cumulativePopulation) {
    }

    private final DataSource dataSource;
    private final InstanceSettings settings;

    public DemoData(DataSource dataSource, InstanceSettings settings) {
        this.dataSource = DelegatingDataSource.unwrapDataSource(dataSource);
        this.settings = settings;
    }

    /** {@code count} supporters, the same ones for the same seed; e-mails are unique within a run. */
    public List<Supporter> supporters(int count, long seed) {
        List<Commune> communes = communes();
        long total = communes.get(communes.size() - 1).cumulativePopulation();
        List<String> interestKeys = settings.interests().stream().map(InstanceSettings.Interest::key).toList();
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + "-" + Long.toString(System.nanoTime() % 1_000_000, 36);
        List<Supporter> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            Commune c = pick(communes, (long) (random.nextDouble() * total));
            String first = FIRST_NAMES[random.nextInt(FIRST_NAMES.length)];
            String last = LAST_NAMES[random.nextInt(LAST_NAMES.length)];
            LocalDate birth = LocalDate.of(1940, 1, 1).plusDays(random.nextInt(365 * 67));
            List<String> interests = new ArrayList<>();
            for (String key : interestKeys) {
                if (random.nextInt(4) == 0) {
                    interests.add(key);
                }
            }
            String email = "demo-" + run + "-" + i + "@example.invalid";
            out.add(new Supporter(email, first, last, c.postalCode(), c.inseeCode(), c.name(), c.departement(), c.lat(), c.lng(),
                    c.precision(), birth, interests));
        }
        return out;
    }

    /** The person row of a generated supporter, for {@link #bindPerson}. */
    public static final String PERSON_INSERT = "INSERT INTO person (public_id, email, first_name, last_name, birth_date, "
            + "country, postal_code, insee_code, commune, departement, lat, lng, geo_precision, locale, status, source, "
            + "created_at, confirmed_at, updated_at, email_consent, email_consent_at, last_active_at) "
            + "VALUES (?, ?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?, ?, ?, 'fr', ?, ?, ?, ?, ?, ?, ?, ?)";

    /** Binds {@link #PERSON_INSERT}; {@code confirmedAt} null for a pending sign-up; consenting to mailings, never active. */
    public static void bindPerson(PreparedStatement ps, Supporter s, String emailPrefix, String status, String source,
                                  Timestamp createdAt, Timestamp confirmedAt) throws SQLException {
        bindPerson(ps, s, emailPrefix, status, source, createdAt, confirmedAt, true, null, s.birthDate());
    }

    /** Binds {@link #PERSON_INSERT} with every choice. */
    static void bindPerson(PreparedStatement ps, Supporter s, String emailPrefix, String status, String source, Timestamp createdAt,
                           Timestamp confirmedAt, boolean emailConsent, Timestamp lastActiveAt, LocalDate birthDate) throws SQLException {
        ps.setString(1, Tokens.newPublicId());
        ps.setString(2, emailPrefix + s.email());
        ps.setString(3, s.firstName());
        ps.setString(4, s.lastName());
        ps.setObject(5, birthDate);
        ps.setString(6, s.postalCode());
        ps.setString(7, s.inseeCode());
        ps.setString(8, s.commune());
        ps.setString(9, s.departement());
        ps.setDouble(10, s.lat());
        ps.setDouble(11, s.lng());
        ps.setString(12, s.precision());
        ps.setString(13, status);
        ps.setString(14, source);
        ps.setTimestamp(15, createdAt);
        ps.setTimestamp(16, confirmedAt);
        ps.setTimestamp(17, createdAt);
        ps.setBoolean(18, emailConsent);
        ps.setTimestamp(19, emailConsent ? createdAt : null);
        ps.setTimestamp(20, lastActiveAt);
    }

    /**
     * Inserts {@code count} confirmed supporters directly (no mail, no consent wording shown to
     * anyone: they are labelled {@code source = 'demo'}), in batches; returns how many.
     */
    public int insertConfirmedSupporters(int count, long seed) throws SQLException {
        List<Supporter> supporters = supporters(count, seed);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement ps = c.prepareStatement(PERSON_INSERT)) {
                Random random = new Random(seed);
                int n = 0;
                for (Supporter s : supporters) {
                    // in sign-up order over the last year, as rows arrive in a real database
                    Timestamp created = Timestamp.from(now.minus(365L * 24 * 60 * (count - n) / count - random.nextInt(30), ChronoUnit.MINUTES));
                    bindPerson(ps, s, "", "CONFIRMED", "demo", created, created);
                    ps.addBatch();
                    if (++n % 1000 == 0) {
                        ps.executeBatch();
                        c.commit();
                    }
                }
                ps.executeBatch();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /**
     * Inserts {@code count} people as a grown contact database has them (for demos and the 1M
     * benchmark): 90 % confirmed supporters, 5 % imported contacts, 5 % pending sign-ups (of the last day); 85 %
     * accepting mailings; signed up over three years; half active in the last year; with their
     * interests. Batches of 2 000, committed one by one; returns how many.
     */
    public int insertContacts(int count, long seed) throws SQLException {
        Random random = new Random(seed);
        Instant now = Instant.now();
        int done = 0;
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            while (done < count) {
                List<Supporter> batch = supporters(Math.min(2000, count - done), seed * 1000 + done);
                try (PreparedStatement ps = c.prepareStatement(PERSON_INSERT)) {
                    for (Supporter s : batch) {
                        int kind = random.nextInt(20);
                        String status = kind == 0 ? "CONTACT" : kind == 1 ? "PENDING" : "CONFIRMED";
                        // Sign-ups arrive in order over three years (as rows do in a real database); pending ones are recent:
                        // older ones are erased by the retention job, as unconfirmed consent.
                        long spread = 3L * 365 * 24 * 60;
                        long age = status.equals("PENDING") ? random.nextInt(24 * 60) : spread - spread * (done + 1L) / Math.max(1, count);
                        Timestamp created = Timestamp.from(now.minus(age, ChronoUnit.MINUTES));
                        Timestamp active = random.nextBoolean() ? Timestamp.from(now.minus(random.nextInt(365 * 24 * 60), ChronoUnit.MINUTES)) : null;
                        String source = kind == 0 ? "import:demo.csv" : random.nextInt(5) == 0 ? "petition" : "signup";
                        bindPerson(ps, s, "", status, source, created, status.equals("CONFIRMED") ? created : null, random.nextInt(100) < 85,
                                active, random.nextInt(10) == 0 ? null : s.birthDate());
                        ps.addBatch();
                    }
                    ps.executeBatch();
                }
                java.util.Map<String, Long> ids = new java.util.HashMap<>();
                try (PreparedStatement ps = c.prepareStatement("SELECT id, email FROM person WHERE email IN ("
                        + String.join(",", java.util.Collections.nCopies(batch.size(), "?")) + ")")) {
                    for (int i = 0; i < batch.size(); i++) {
                        ps.setString(i + 1, batch.get(i).email());
                    }
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            ids.put(rs.getString(2), rs.getLong(1));
                        }
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_interest (person_id, interest_key) VALUES (?, ?)")) {
                    for (Supporter s : batch) {
                        for (String interest : s.interests()) {
                            ps.setLong(1, ids.get(s.email()));
                            ps.setString(2, interest);
                            ps.addBatch();
                        }
                    }
                    ps.executeBatch();
                }
                c.commit();
                done += batch.size();
            }
        }
        return done;
    }

    /**
     * Inserts {@code count} published groups over France by commune population, each founded by a
     * random demo supporter (when there are some); returns how many.
     */
    public int insertGroups(int count, long seed) throws SQLException {
        List<Commune> communes = communes();
        long total = communes.get(communes.size() - 1).cumulativePopulation();
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + Long.toString(System.nanoTime() % 1_000_000, 36);
        String[] types = {"local", "local", "local", "thematic", "workplace"};
        String[] themes = {"écologie", "santé", "logement", "services publics", "jeunesse", "quartiers", "campagne"};
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            List<Long> founders = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM person WHERE source = 'demo' AND status = 'CONFIRMED' LIMIT 100000");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    founders.add(rs.getLong(1));
                }
            }
            c.setAutoCommit(false);
            try (PreparedStatement group = c.prepareStatement("INSERT INTO support_group (public_id, slug, name, name_key, type, "
                    + "description_md, description_html, country, postal_code, insee_code, commune, departement, lat, lng, geo_precision, "
                    + "status, member_count, created_by, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?, ?, ?, "
                    + "'PUBLISHED', ?, ?, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement member = c.prepareStatement("INSERT INTO group_membership (group_id, person_id, role, share_contact, "
                         + "share_contact_at, joined_at) VALUES (?, ?, 'FOUNDER', TRUE, ?, ?)")) {
                int n = 0;
                for (int i = 0; i < count; i++) {
                    Commune commune = pick(communes, (long) (random.nextDouble() * total));
                    String type = types[random.nextInt(types.length)];
                    String name = switch (type) {
                        case "thematic" -> "Groupe " + themes[random.nextInt(themes.length)] + " de " + commune.name() + " " + run + "-" + i;
                        case "workplace" -> "Groupe entreprise de " + commune.name() + " " + run + "-" + i;
                        default -> "Groupe d’action de " + commune.name() + " " + run + "-" + i;
                    };
                    String slug = "demo-" + run + "-" + i;
                    Long founder = founders.isEmpty() ? null : founders.get(random.nextInt(founders.size()));
                    Timestamp created = Timestamp.from(now.minus(random.nextInt(365 * 24 * 60), ChronoUnit.MINUTES));
                    group.setString(1, Tokens.newPublicId());
                    group.setString(2, slug);
                    group.setString(3, name.length() > 120 ? name.substring(0, 120) : name);
                    group.setString(4, slug);
                    group.setString(5, type);
                    group.setString(6, "Groupe de démonstration : ces données sont générées.");
                    group.setString(7, "<p>Groupe de démonstration : ces données sont générées.</p>");
                    group.setString(8, commune.postalCode());
                    group.setString(9, commune.inseeCode());
                    group.setString(10, commune.name());
                    group.setString(11, commune.departement());
                    // Several groups in one commune do not meet at one point.
                    group.setDouble(12, commune.lat() + (random.nextDouble() - 0.5) * 0.02);
                    group.setDouble(13, commune.lng() + (random.nextDouble() - 0.5) * 0.03);
                    group.setString(14, commune.precision());
                    group.setInt(15, founder == null ? 0 : 1);
                    group.setObject(16, founder);
                    group.setTimestamp(17, created);
                    group.setTimestamp(18, created);
                    group.executeUpdate();
                    if (founder != null) {
                        try (ResultSet keys = group.getGeneratedKeys()) {
                            keys.next();
                            member.setLong(1, keys.getLong(1));
                            member.setLong(2, founder);
                            member.setTimestamp(3, created);
                            member.setTimestamp(4, created);
                            member.addBatch();
                        }
                    }
                    if (++n % 1000 == 0) {
                        member.executeBatch();
                        c.commit();
                    }
                }
                member.executeBatch();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    private List<Commune> communes() {
        List<Commune> communes = new ArrayList<>();
        long cumulative = 0;
        try (Connection c = dataSource.getConnection();
             PreparedStatement ps = c.prepareStatement("SELECT postal_code, insee_code, commune, departement, lat, lng, geo_precision, "
                     + "population FROM geo_postal_code WHERE country = 'FR' AND population > 0 ORDER BY postal_code, insee_code");
             ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                cumulative += rs.getLong(8);
                communes.add(new Commune(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getDouble(5),
                        rs.getDouble(6), rs.getString(7), cumulative));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Could not read the geography table", e);
        }
        if (communes.isEmpty()) {
            throw new IllegalStateException("The geography table is empty");
        }
        return communes;
    }

    private static Commune pick(List<Commune> communes, long target) {
        int lo = 0;
        int hi = communes.size() - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (communes.get(mid).cumulativePopulation() <= target) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return communes.get(lo);
    }

    /**
     * Inserts {@code count} one-date actions of random published groups (so spread by population),
     * near the group (within about 2 km), from 30 days ago to 6 months ahead, between 9:00 and 20:00 in
     * the movement's time zone; returns how many.
     */
    public int insertActions(int count, long seed) throws SQLException {
        Random random = new Random(seed);
        String run = Long.toString(seed, 36) + Long.toString(System.nanoTime() % 1_000_000, 36);
        String[][] kinds = {{"leafleting", "Tractage"}, {"door-to-door", "Porte-à-porte"}, {"public-meeting", "Réunion publique"},
                {"phone-banking", "Phoning"}, {"demonstration", "Rassemblement"}, {"other", "Permanence"}};
        java.time.ZoneId zone = settings.timeZone();
        LocalDate today = LocalDate.now(zone);
        Instant now = Instant.now();
        try (Connection c = dataSource.getConnection()) {
            record Place(long id, double lat, double lng, String postalCode, String inseeCode, String commune, String departement) {
            }
            List<Place> places = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT id, lat, lng, postal_code, insee_code, commune, departement "
                    + "FROM support_group WHERE status = 'PUBLISHED'"); ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    places.add(new Place(rs.getLong(1), rs.getDouble(2), rs.getDouble(3), rs.getString(4), rs.getString(5),
                            rs.getString(6), rs.getString(7)));
                }
            }
            if (places.isEmpty() || count == 0) {
                return 0;
            }
            c.setAutoCommit(false);
            try (PreparedStatement event = c.prepareStatement("INSERT INTO event (public_id, slug, group_id, title, type, description_md, "
                    + "description_html, time_zone, local_start, local_end, all_day, address, postal_code, insee_code, commune, departement, "
                    + "lat, lng, geo_precision, status, sequence, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, FALSE, ?, ?, ?, ?, "
                    + "?, ?, ?, 'manual', 'PUBLISHED', 0, ?, ?)", java.sql.Statement.RETURN_GENERATED_KEYS);
                 PreparedStatement date = c.prepareStatement("INSERT INTO event_occurrence (public_id, event_id, recurrence_id, starts_at, "
                         + "ends_at, state, group_id, type, departement, lat, lng) VALUES (?, ?, ?, ?, ?, 'ON', ?, ?, ?, ?, ?)")) {
                int n = 0;
                for (int i = 0; i < count; i++) {
                    Place p = places.get(random.nextInt(places.size()));
                    String[] kind = kinds[random.nextInt(kinds.length)];
                    java.time.LocalDateTime start = today.plusDays(random.nextInt(210) - 30).atTime(9 + random.nextInt(12), random.nextBoolean() ? 0 : 30);
                    java.time.LocalDateTime end = start.plusHours(1 + random.nextInt(3));
                    Instant startUtc = start.atZone(zone).toInstant();
                    Instant endUtc = end.atZone(zone).toInstant();
                    double lat = p.lat() + (random.nextDouble() - 0.5) * 0.036;
                    double lng = p.lng() + (random.nextDouble() - 0.5) * 0.05;
                    String title = kind[1] + " à " + p.commune();
                    event.setString(1, Tokens.newPublicId());
                    event.setString(2, "demo-" + run + "-" + i);
                    event.setLong(3, p.id());
                    event.setString(4, title.length() > 140 ? title.substring(0, 140) : title);
                    event.setString(5, kind[0]);
                    event.setString(6, "Action de démonstration : ces données sont générées.");
                    event.setString(7, "<p>Action de démonstration : ces données sont générées.</p>");
                    event.setString(8, zone.getId());
                    event.setTimestamp(9, Timestamp.valueOf(start));
                    event.setTimestamp(10, Timestamp.valueOf(end));
                    event.setString(11, "Lieu de démonstration");
                    event.setString(12, p.postalCode());
                    event.setString(13, p.inseeCode());
                    event.setString(14, p.commune());
                    event.setString(15, p.departement());
                    event.setDouble(16, lat);
                    event.setDouble(17, lng);
                    event.setTimestamp(18, Timestamp.from(now));
                    event.setTimestamp(19, Timestamp.from(now));
                    event.executeUpdate();
                    try (ResultSet keys = event.getGeneratedKeys()) {
                        keys.next();
                        date.setString(1, Tokens.newPublicId());
                        date.setLong(2, keys.getLong(1));
                        date.setTimestamp(3, Timestamp.from(startUtc));
                        date.setTimestamp(4, Timestamp.from(startUtc));
                        date.setTimestamp(5, Timestamp.from(endUtc));
                        date.setLong(6, p.id());
                        date.setString(7, kind[0]);
                        date.setString(8, p.departement());
                        date.setDouble(9, lat);
                        date.setDouble(10, lng);
                        date.addBatch();
                    }
                    if (++n % 1000 == 0) {
                        date.executeBatch();
                        c.commit();
                    }
                }
                date.executeBatch();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }
}
