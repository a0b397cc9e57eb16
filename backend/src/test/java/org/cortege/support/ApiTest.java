package org.cortege.support;

import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the HTTP tests: the whole app on a real MariaDB (the configured server, or the embedded
 * one), mail delivered over SMTP to GreenMail. Subclasses carry {@link AppTest}: the app is shared
 * with the other classes of the same settings.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ApiTest implements TestPropertyProvider {

    @Inject
    @Client("/")
    protected HttpClient httpClient;

    @Inject
    protected JsonMapper json;

    @Inject
    protected DataSource dataSource;

    @Inject
    protected io.micronaut.runtime.server.EmbeddedServer embeddedServer;

    protected Api api;

    @Override
    public Map<String, String> getProperties() {
        Map<String, String> properties = new HashMap<>();
        properties.put("cortege.mail.smtp.host", "127.0.0.1");
        properties.put("cortege.mail.smtp.port", Integer.toString(TestMail.port()));
        properties.put("cortege.mail.smtp.tls", "none");
        properties.putAll(extraProperties());
        return properties;
    }

    /** Per-class settings on top of application-test.yml. */
    protected Map<String, String> extraProperties() {
        return Map.of();
    }

    @BeforeEach
    void setUpApi() {
        api = new Api(httpClient, json);
    }

    /**
     * What a second app node on the same database needs: this node's settings and database, its own
     * free ports (HTTP and management). Start it with {@code ApplicationContext.run(EmbeddedServer.class, props, "test")}.
     */
    protected Map<String, Object> secondNodeProperties() {
        var context = embeddedServer.getApplicationContext();
        Map<String, Object> props = new HashMap<>(getProperties());
        for (String key : List.of("datasources.default.url", "datasources.default.username", "datasources.default.password")) {
            props.put(key, context.getProperty(key, String.class).orElse(""));
        }
        props.put("micronaut.server.port", "-1");
        props.put("cortege.public-url", publicUrl()); // one platform, one public address, whichever node answers
        props.put("endpoints.all.port", Integer.toString(FreePort.next()));
        return props;
    }

    protected int embeddedPort() {
        return embeddedServer.getPort();
    }

    /** The internal port of /health and /metrics (CORTEGE_MANAGEMENT_PORT), free per app. */
    protected int managementPort() {
        return embeddedServer.getApplicationContext().getRequiredProperty("endpoints.all.port", Integer.class);
    }

    /** The address the app writes in links (cortege.public-url): this server's. */
    protected String publicUrl() {
        return embeddedServer.getApplicationContext().getRequiredProperty("cortege.public-url", String.class);
    }

    /** A fresh address per test: tests share one database. */
    protected static String newEmail() {
        return "p-" + UUID.randomUUID().toString().substring(0, 12) + "@cortege.test";
    }

    protected static Map<String, Object> signupBody(String email) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("email", email);
        body.put("firstName", "Zoé");
        body.put("lastName", "Martin-N’Diaye");
        body.put("postalCode", "13001");
        body.put("phone", "06 12 34 56 78");
        body.put("birthDate", "1990-05-17");
        body.put("interests", List.of("ecologie", "logement"));
        body.put("consent", true);
        body.put("consentVersion", "2026-11");
        return body;
    }

    /** Signs up, follows the link of the caught mail, returns the session cookie ("cortege_session=…"). */
    protected String confirmedSupporter(String email) {
        return confirmedSupporter(signupBody(email));
    }

    protected String confirmedSupporter(Map<String, Object> body) {
        String email = (String) body.get("email");
        int before = TestMail.mailsTo(email).size(); // an address reused across tests (the admin's) has older mails
        Api.Response signup = api.post("/api/signup", body);
        if (signup.status() != 202) {
            throw new AssertionError("sign-up refused: " + signup.body());
        }
        // the first new mail with a link (an imported contact may get their first-contact notice meanwhile)
        String token = null;
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (token == null) {
            List<jakarta.mail.internet.MimeMessage> mails = TestMail.awaitMails(email, before + 1);
            for (jakarta.mail.internet.MimeMessage m : mails.subList(before, mails.size())) {
                if (TestMail.textPart(m).contains("#token=")) {
                    token = TestMail.token(m);
                    break;
                }
            }
            if (token == null) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("no #token= link in the mails to " + email);
                }
                TestMail.sleep(50);
            }
        }
        Api.Response confirm = api.post("/api/signup/confirm", Map.of("token", token));
        if (confirm.status() != 200) {
            throw new AssertionError("confirmation refused: " + confirm.body());
        }
        return confirm.sessionCookie();
    }

    /**
     * Signs up admin@cortege.test afresh (CORTEGE_ADMIN_EMAILS names it in the tests) and returns
     * its session cookie; other test classes use the same address, so each class starts its own.
     */
    protected String freshAdmin() {
        update("DELETE FROM person WHERE email = 'admin@cortege.test'");
        return confirmedSupporter("admin@cortege.test");
    }

    /** A signed-in person: their address, public id and session cookie. */
    protected record SignedIn(String email, String publicId, String cookie) {
    }

    /** A fresh confirmed supporter: their address, public id and session cookie. */
    protected SignedIn aConfirmedSupporter() {
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        return new SignedIn(email, string("SELECT public_id FROM person WHERE email = ?", email), cookie);
    }

    /** A published group: its public id, its slug, and the session cookie of the supporter who founded it (its manager). */
    protected record GroupRef(String id, String slug, String manager) {
    }

    /** A group in Marseille 1er founded by a fresh supporter. */
    protected GroupRef aGroup() {
        return aGroupFoundedBy(confirmedSupporter(newEmail()), unique("Groupe"), "13001");
    }

    protected GroupRef aGroupFoundedBy(String managerCookie, String name, String postalCode) {
        String id = createGroup(managerCookie, name, postalCode);
        return new GroupRef(id, (String) api.get("/api/groups/" + id).get("slug"), managerCookie);
    }

    /** A published action: its public id, slug and title, and the id of its first date (what RSVPs name). */
    protected record ActionRef(String id, String slug, String title, String firstDate) {
    }

    /** What a manager's form sends for a two-hour action in Marseille 1er on {@code day}; change what a test needs. */
    protected static Map<String, Object> actionBody(String title, LocalDate day) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("title", title);
        b.put("type", "leafleting");
        b.put("description", "Rendez-vous **devant la mairie**.");
        b.put("start", day + "T10:00");
        b.put("end", day + "T12:00");
        b.put("postalCode", "13001");
        b.put("address", "Place du marché");
        return b;
    }

    /** An action of the group, published by its manager, with a fresh title, in two weeks. */
    protected ActionRef anActionOf(GroupRef group) {
        return anActionOf(group, actionBody(unique("Tractage"), LocalDate.now(java.time.ZoneId.of("Europe/Paris")).plusWeeks(2)));
    }

    @SuppressWarnings("unchecked")
    protected ActionRef anActionOf(GroupRef group, Map<String, Object> body) {
        Api.Response r = api.post("/api/groups/" + group.id() + "/events", body, "Cookie", group.manager());
        if (r.status() != 201) {
            throw new AssertionError("action refused: " + r.body());
        }
        String slug = (String) r.get("slug");
        List<Map<String, Object>> dates = (List<Map<String, Object>>) api.get("/api/events/" + slug).get("occurrences");
        return new ActionRef((String) r.get("id"), slug, (String) body.get("title"), (String) dates.get(0).get("id"));
    }

    /** A fresh confirmed supporter whom the admin of {@code adminCookie} makes organizer of these départements. */
    protected SignedIn anOrganizer(String adminCookie, String... departements) {
        String email = newEmail();
        String cookie = confirmedSupporter(email);
        String publicId = string("SELECT public_id FROM person WHERE email = ?", email);
        Api.Response r = api.put("/api/admin/people/" + publicId + "/territories", Map.of("departements", List.of(departements)),
                "Cookie", adminCookie);
        if (r.status() != 200) {
            throw new AssertionError("territories refused: " + r.body());
        }
        return new SignedIn(email, publicId, cookie);
    }

    protected static Map<String, Object> groupBody(String name, String postalCode) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "local");
        body.put("description", "Nous nous retrouvons **chaque samedi** au marché.");
        body.put("postalCode", postalCode);
        return body;
    }

    /** Creates a group as the holder of {@code cookie}; returns its public id. */
    protected String createGroup(String cookie, String name, String postalCode) {
        Api.Response r = api.post("/api/groups", groupBody(name, postalCode), "Cookie", cookie);
        if (r.status() != 201) {
            throw new AssertionError("group refused: " + r.body());
        }
        return (String) r.get("id");
    }

    /**
     * Inserts a person as an import or a past sign-up would have left them (no mail, no consent
     * wording): for contact-database tests that need ages, dates and places chosen exactly.
     * Returns the public id; the email is "{first}.{8 random}@contacts.test".
     */
    protected String insertContact(String first, String last, LocalDate birth, String postalCode, String insee, String commune, String dept,
                          double lat, double lng, String status, String source, Instant created, Instant lastActive, boolean consent) {
        String publicId = "t" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        String email = java.text.Normalizer.normalize(first.toLowerCase(), java.text.Normalizer.Form.NFD).replaceAll("\\p{M}", "")
                + "." + UUID.randomUUID().toString().substring(0, 8) + "@contacts.test";
        update("INSERT INTO person (public_id, email, first_name, last_name, birth_date, country, postal_code, insee_code, commune, "
                        + "departement, lat, lng, geo_precision, locale, status, source, created_at, confirmed_at, updated_at, last_active_at, "
                        + "email_consent, email_consent_at) VALUES (?, ?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?, ?, 'commune', 'fr', ?, ?, ?, ?, ?, ?, ?, ?)",
                publicId, email, first, last, birth, postalCode, insee, commune, dept, lat, lng, status, source, Timestamp.from(created),
                status.equals("CONFIRMED") ? Timestamp.from(created) : null, Timestamp.from(created),
                lastActive == null ? null : Timestamp.from(lastActive), consent, consent ? Timestamp.from(created) : null);
        return publicId;
    }

    protected static String unique(String prefix) {
        return prefix + " " + UUID.randomUUID().toString().substring(0, 8);
    }

    /**
     * For the benchmarks: at least {@code groups} published groups and {@code dates} dates of actions, the
     * missing ones made by the demo generator (the rows stay for the next run). Returns {groups, dates}.
     */
    protected long[] demoDataAtLeast(org.cortege.demo.DemoData demo, int groups, int dates) throws SQLException {
        long g = count("SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'");
        if (g < groups) {
            long t0 = System.nanoTime();
            demo.insertGroups((int) (groups - g), 7);
            System.out.printf(java.util.Locale.ROOT, "inserted %d groups in %d ms%n", groups - g, (System.nanoTime() - t0) / 1_000_000);
            g = count("SELECT COUNT(*) FROM support_group WHERE status = 'PUBLISHED'");
        }
        long d = count("SELECT COUNT(*) FROM event_occurrence");
        if (d < dates) {
            long t0 = System.nanoTime();
            demo.insertActions((int) (dates - d), 5);
            System.out.printf(java.util.Locale.ROOT, "inserted %d dates of actions in %d ms%n", dates - d, (System.nanoTime() - t0) / 1_000_000);
            d = count("SELECT COUNT(*) FROM event_occurrence");
        }
        return new long[] {g, d};
    }

    /** A connection of its own from the pool, outside any transaction of the app: the caller closes it. */
    protected Connection connection() throws SQLException {
        return io.micronaut.data.connection.jdbc.advice.DelegatingDataSource.unwrapDataSource(dataSource).getConnection();
    }

    /**
     * Import options with the declaration an import needs before it starts: the people come from
     * paper petitions, kept as regular contacts (GDPR 9(2)(d)), attested by the one importing.
     */
    protected static Map<String, Object> declared(Map<String, Object> options) {
        Map<String, Object> m = new java.util.HashMap<>(options);
        m.put("origin", "petition");
        m.put("legalBasis", "regular-contact");
        m.put("attested", true);
        return m;
    }

    protected long count(String sql, Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    protected String string(String sql, Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }

    protected int update(String sql, Object... args) {
        try (Connection c = connection(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setObject(i + 1, args[i]);
            }
            return ps.executeUpdate();
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
