package org.cortege.bench;

import io.micronaut.context.annotation.Property;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import javax.sql.DataSource;
import org.cortege.demo.DemoData;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. Run with {@code mvn -pl backend test -Pbenchmark} (after
 * {@code mvn install -DskipTests}); sizes with {@code -Dbench.signups=…}, {@code -Dbench.requests=…},
 * {@code -Dbench.threads=…}. Results are recorded in docs/benchmarks.md.
 */
@AppTest
@Property(name = "cortege.mail.poll-interval", value = "1h")
@Property(name = "cortege.client-address-header", value = "X-Forwarded-For")
class SignupBenchmark extends ApiTest {

    private static final int SIGNUPS = Integer.getInteger("bench.signups", 3000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 20000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);
    /** Sign-ups before the measured ones (a server on TV night has been up for hours): with 300, the JIT compiler still took a third of the CPU during the measure. */
    private static final int WARMUP = Integer.getInteger("bench.warmup", 8000);

    @Inject
    EmbeddedServer server;

    @Inject
    DemoData demo;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void signupsAndCounters() throws Exception {
        String base = server.getURL().toString();
        Instant started = Instant.now();
        // Warm-up: JIT, connection pools, the page cache of the tables.
        List<DemoData.Supporter> warmUp = demo.supporters(WARMUP, 1000);
        DataSource raw = DelegatingDataSource.unwrapDataSource(dataSource);
        run("warm-up", WARMUP, i -> post(base + "/api/signup", body(warmUp.get(i))));
        run("warm-up", WARMUP, i -> insertSignupRows(raw, warmUp.get(i), "warm-"));
        run("warm-up", 2000, i -> get(base + "/api/counters"));

        List<DemoData.Supporter> people = demo.supporters(SIGNUPS, 42);
        LoadRun.Result viaHttp = run("POST /api/signup (validation, geography, person + interests + consent + token + outbox, one transaction)",
                SIGNUPS, i -> post(base + "/api/signup", body(people.get(i))));
        List<DemoData.Supporter> same = demo.supporters(SIGNUPS, 42);
        LoadRun.Result allRows = run("plain JDBC: every row a sign-up writes (person, interests, consent, token, mail), one transaction",
                SIGNUPS, i -> insertSignupRows(raw, same.get(i), "rows-"));
        LoadRun.Result viaJdbc = run("plain JDBC INSERT of the same person rows (autocommit, one row per statement)", SIGNUPS,
                i -> insertPerson(raw, same.get(i)));

        LoadRun.Result counters = run("GET /api/counters (cached 5 s)", REQUESTS, i -> get(base + "/api/counters"));
        LoadRun.Result staticFile = run("GET /favicon.svg (static file, same server)", REQUESTS, i -> get(base + "/favicon.svg"));
        LoadRun.Result countersUncached = run("GET /api/counters?departement=… (5 s cache, 10 départements cycling)", REQUESTS,
                i -> get(base + "/api/counters?departement=" + DEPARTEMENTS[i % DEPARTEMENTS.length]));

        long people0 = count("SELECT COUNT(*) FROM person");
        // Mail delivery was paused: leave no backlog of thousands of confirmations for the next test run on this database.
        Timestamp since = Timestamp.from(started);
        try (Connection c = raw.getConnection(); PreparedStatement ps = c.prepareStatement(
                "DELETE FROM mail_outbox WHERE status = 'PENDING' AND created_at >= ?")) {
            ps.setTimestamp(1, since);
            ps.executeUpdate();
        }
        System.out.printf(Locale.ROOT, "%n=== Cortège benchmark: %d threads, %d CPU, %d people in the table at the end ===%n", THREADS,
                Runtime.getRuntime().availableProcessors(), people0);
        print(viaHttp, viaJdbc);
        print(viaHttp, allRows);
        print(allRows, viaJdbc);
        print(viaJdbc, viaJdbc);
        print(counters, staticFile);
        print(countersUncached, staticFile);
        print(staticFile, staticFile);
    }

    private static final String[] DEPARTEMENTS = {"01", "13", "2A", "33", "59", "69", "75", "93", "974", "971"};

    private static void print(LoadRun.Result r, LoadRun.Result baseline) {
        System.out.println(r.line(baseline));
        if (r != baseline) {
            org.cortege.support.BenchTable.row("SignupBenchmark", r, baseline);
        }
    }

    /** Counts calls answering 300 or more as failures, which end the run. */
    private static LoadRun.Result run(String name, int count, IntFunction<Integer> call) throws Exception {
        return LoadRun.run(name, THREADS, count, i -> {
            int status = call.apply(i);
            if (status >= 300) {
                throw new AssertionError(name + ": call " + i + " answered " + status);
            }
        });
    }

    private int post(String url, String json) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/json")
                    // Sign-ups come from many addresses: one per request, as in a rush of visitors.
                    .header("X-Forwarded-For", "10." + ThreadLocalRandom.current().nextInt(256) + "."
                            + ThreadLocalRandom.current().nextInt(256) + "." + ThreadLocalRandom.current().nextInt(1, 255))
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build();
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private int get(String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The baseline: the person row a sign-up writes, as one plain statement (the benchmark's own SQL, nothing of the app). */
    private static final String PERSON_INSERT = "INSERT INTO person (public_id, email, first_name, last_name, birth_date, "
            + "country, postal_code, insee_code, commune, departement, lat, lng, geo_precision, locale, status, source, "
            + "created_at, updated_at, email_consent, email_consent_at) "
            + "VALUES (?, ?, ?, ?, ?, 'FR', ?, ?, ?, ?, ?, ?, ?, 'fr', 'PENDING', 'bench', ?, ?, TRUE, ?)";

    private static int insertPerson(DataSource dataSource, DemoData.Supporter s) {
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(PERSON_INSERT)) {
            bindPerson(ps, s, "jdbc-", Timestamp.from(Instant.now()));
            return ps.executeUpdate() == 1 ? 200 : 500;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void bindPerson(PreparedStatement ps, DemoData.Supporter s, String prefix, Timestamp now) throws java.sql.SQLException {
        ps.setString(1, org.cortege.shared.Tokens.newPublicId());
        ps.setString(2, prefix + s.email());
        ps.setString(3, s.firstName());
        ps.setString(4, s.lastName());
        ps.setObject(5, s.birthDate());
        ps.setString(6, s.postalCode());
        ps.setString(7, s.inseeCode());
        ps.setString(8, s.commune());
        ps.setString(9, s.departement());
        ps.setDouble(10, s.lat());
        ps.setDouble(11, s.lng());
        ps.setString(12, s.precision());
        ps.setTimestamp(13, now);
        ps.setTimestamp(14, now);
        ps.setTimestamp(15, now);
    }

    private static final String MAIL_TEXT = "Bonjour,\n\n" + "Confirmez votre inscription en suivant ce lien. ".repeat(30);
    private static final String MAIL_HTML = "<p>" + MAIL_TEXT.repeat(2) + "</p>";

    /**
     * The second baseline: the rows a sign-up stores (a person, its interests in one statement, the
     * consent's wording, a token, the confirmation mail), written by the benchmark's own SQL in one
     * transaction, without HTTP, validation, rate limits or the framework.
     */
    private static int insertSignupRows(DataSource dataSource, DemoData.Supporter s, String prefix) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                Timestamp now = Timestamp.from(Instant.now());
                long personId;
                try (PreparedStatement ps = c.prepareStatement(PERSON_INSERT, java.sql.Statement.RETURN_GENERATED_KEYS)) {
                    bindPerson(ps, s, prefix, now);
                    ps.executeUpdate();
                    try (java.sql.ResultSet keys = ps.getGeneratedKeys()) {
                        keys.next();
                        personId = keys.getLong(1);
                    }
                }
                if (!s.interests().isEmpty()) {
                    try (PreparedStatement ps = c.prepareStatement("INSERT INTO person_interest (person_id, interest_key) VALUES "
                            + String.join(", ", java.util.Collections.nCopies(s.interests().size(), "(?, ?)")))) {
                        int n = 1;
                        for (String key : s.interests()) {
                            ps.setLong(n++, personId);
                            ps.setString(n++, key);
                        }
                        ps.executeUpdate();
                    }
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO consent (person_id, purpose, version, locale, wording, given_at) "
                        + "VALUES (?, 'signup', 'bench', 'fr', ?, ?)")) {
                    ps.setLong(1, personId);
                    ps.setString(2, MAIL_TEXT.substring(0, 300));
                    ps.setTimestamp(3, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO auth_token (person_id, purpose, token_hash, attempts, "
                        + "created_at, expires_at) VALUES (?, 'SIGNUP', ?, 0, ?, ?)")) {
                    ps.setLong(1, personId);
                    ps.setString(2, org.cortege.shared.Tokens.hash(org.cortege.shared.Tokens.newPublicId()));
                    ps.setTimestamp(3, now);
                    ps.setTimestamp(4, now);
                    ps.executeUpdate();
                }
                try (PreparedStatement ps = c.prepareStatement("INSERT INTO mail_outbox (person_id, recipient, template, locale, subject, "
                        + "body_text, body_html, status, next_attempt_at, created_at) VALUES (?, ?, 'bench', 'fr', 'Confirmez', ?, ?, 'PENDING', ?, ?)")) {
                    ps.setLong(1, personId);
                    ps.setString(2, prefix + s.email());
                    ps.setString(3, MAIL_TEXT);
                    ps.setString(4, MAIL_HTML);
                    ps.setTimestamp(5, now);
                    ps.setTimestamp(6, now);
                    ps.executeUpdate();
                }
                c.commit();
                return 200;
            } catch (Exception e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private String body(DemoData.Supporter s) {
        return "{\"email\":\"" + s.email() + "\",\"firstName\":\"" + s.firstName() + "\",\"lastName\":\"" + s.lastName()
                + "\",\"postalCode\":\"" + s.postalCode() + "\",\"inseeCode\":\"" + s.inseeCode() + "\",\"birthDate\":\""
                + s.birthDate() + "\",\"interests\":[" + String.join(",", s.interests().stream().map(k -> "\"" + k + "\"").toList())
                + "],\"consent\":true}";
    }
}
