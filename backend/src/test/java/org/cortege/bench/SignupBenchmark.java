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
@Property(name = "micronaut.server.client-address-header", value = "X-Forwarded-For")
class SignupBenchmark extends ApiTest {

    private static final int SIGNUPS = Integer.getInteger("bench.signups", 3000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 20000);
    private static final int THREADS = Integer.getInteger("bench.threads", 8);

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
        run("warm-up", 300, i -> post(base + "/api/signup", body(demo.supporters(1, 1000 + i).get(0))));
        run("warm-up", 2000, i -> get(base + "/api/counters"));

        List<DemoData.Supporter> people = demo.supporters(SIGNUPS, 42);
        LoadRun.Result viaHttp = run("POST /api/signup (validation, geography, person + interests + consent + token + outbox, one transaction)",
                SIGNUPS, i -> post(base + "/api/signup", body(people.get(i))));
        List<DemoData.Supporter> same = demo.supporters(SIGNUPS, 42);
        DataSource raw = DelegatingDataSource.unwrapDataSource(dataSource);
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
            Timestamp now = Timestamp.from(Instant.now());
            ps.setString(1, org.cortege.shared.Tokens.newPublicId());
            ps.setString(2, "jdbc-" + s.email());
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
            return ps.executeUpdate() == 1 ? 200 : 500;
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
