package org.cortege.admin;

import io.micronaut.context.annotation.Property;
import io.micronaut.runtime.server.EmbeddedServer;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.function.IntConsumer;
import org.cortege.admin.campaigns.CampaignDelivery;
import org.cortege.demo.DemoData;
import org.cortege.shared.Tokens;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.LoadRun;
import org.junit.jupiter.api.Test;

/**
 * Not a test: prints figures. The contact database at {@code bench.contacts} people (1 000 000):
 * live counts and first pages of typical segments over HTTP, each beside the hand-written SQL that
 * answers the same question on the same indexes in the same run; fixing the recipients of a
 * campaign to ~100 000 people and handing mails to the outbox; importing a 100 000-line CSV
 * through the API beside a plain JDBC batch insert of as many people.
 * Run with {@code mvn -pl backend test -Pbenchmark -Dtest=ContactsBenchmark} on a database of its
 * own (generating a million people takes minutes; they are kept for the next run).
 */
@AppTest
@Property(name = "cortege.mail.poll-interval", value = "1h")
@Property(name = "cortege.campaigns.poll-interval", value = "1h")
@Property(name = "cortege.imports.poll-interval", value = "200ms")
class ContactsBenchmark extends ApiTest {

    private static final int CONTACTS = Integer.getInteger("bench.contacts", 1_000_000);
    private static final int REQUESTS = Integer.getInteger("bench.requests", 300);
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final int IMPORT_ROWS = Integer.getInteger("bench.importRows", 100_000);

    @Inject
    EmbeddedServer server;

    @Inject
    DemoData demo;

    @Inject
    CampaignDelivery campaigns;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private String cookie;

    @Test
    void contactDatabase() throws Exception {
        if (count("SELECT COUNT(*) FROM person") > CONTACTS + 10_000) { // an earlier run's leftovers
            update("DELETE FROM person WHERE id > (SELECT id FROM (SELECT id FROM person ORDER BY id LIMIT 1 OFFSET ?) t)", CONTACTS);
        }
        long people = count("SELECT COUNT(*) FROM person");
        if (people < CONTACTS - 10_000) {
            long t0 = System.nanoTime();
            demo.insertContacts((int) (CONTACTS - people), 11);
            System.out.printf(Locale.ROOT, "inserted %d contacts in %d s%n", CONTACTS - people, (System.nanoTime() - t0) / 1_000_000_000);
            people = count("SELECT COUNT(*) FROM person");
        }
        ensureAttendance();
        cookie = adminSession();
        String base = server.getURL().toString();
        System.out.printf(Locale.ROOT, "%n=== Contact database: %d people, %d interests, %d answers to actions (%d attended), %d requests per line, "
                        + "%d threads ===%n", people, count("SELECT COUNT(*) FROM person_interest"), count("SELECT COUNT(*) FROM event_rsvp"),
                count("SELECT COUNT(*) FROM event_rsvp WHERE attended"), REQUESTS, THREADS);

        ZoneId paris = ZoneId.of("Europe/Paris");
        LocalDate today = LocalDate.now(paris);
        String[] departements = {"13", "75", "69", "59", "33", "31", "44", "67", "06", "34"};
        String[] interests = {"ecologie", "logement", "sante", "education"};
        String[] nearCodes = {"75011", "13001", "69003", "31000", "33000", "59000"};
        Random random = new Random(5);
        int[] dept = new int[REQUESTS];
        int[] interest = new int[REQUESTS];
        int[] age = new int[REQUESTS];
        for (int i = 0; i < REQUESTS; i++) {
            dept[i] = random.nextInt(departements.length);
            interest[i] = random.nextInt(interests.length);
            age[i] = 18 + random.nextInt(40);
        }

        // 1. age × département × interest
        segment("age 10-year band × département × interest", i -> Map.of("op", "and", "rules", List.of(
                        Map.of("field", "age", "min", age[i], "max", age[i] + 10),
                        Map.of("field", "departement", "values", List.of(departements[dept[i]])),
                        Map.of("field", "interest", "values", List.of(interests[interest[i]])))),
                i -> {
                    LocalDate latest = today.minusYears(age[i]);
                    LocalDate earliest = today.minusYears(age[i] + 11L).plusDays(1);
                    return new Object[] {"SELECT COUNT(*) FROM person p WHERE p.departement = ? AND p.birth_date BETWEEN ? AND ? "
                            + "AND EXISTS (SELECT 1 FROM person_interest i WHERE i.person_id = p.id AND i.interest_key = ?)",
                            departements[dept[i]], earliest, latest, interests[interest[i]]};
                }, base);

        // 2. attended an action in the last 30 days
        Timestamp since = Timestamp.from(Instant.now().minusSeconds(30L * 86400));
        segment("attended an action in the last 30 days", i -> Map.of("field", "attended", "withinDays", 30),
                i -> new Object[] {"SELECT COUNT(DISTINCT r.person_id) FROM event_occurrence o JOIN event_rsvp r ON r.occurrence_id = o.id "
                        + "WHERE r.status = 'CONFIRMED' AND r.attended AND o.state IN ('ON', 'CANCELLED', 'HIDDEN') AND o.starts_at >= ? "
                        + "AND o.starts_at < NOW()", since}, base);

        // 3. within 10 km of a postal code
        Map<String, double[]> points = new java.util.HashMap<>();
        for (String code : nearCodes) {
            points.put(code, new double[] {Double.parseDouble(string("SELECT lat FROM geo_postal_code WHERE postal_code = ? ORDER BY population DESC LIMIT 1", code)),
                    Double.parseDouble(string("SELECT lng FROM geo_postal_code WHERE postal_code = ? ORDER BY population DESC LIMIT 1", code))});
        }
        segment("within 10 km of a postal code", i -> Map.of("field", "near", "postalCode", nearCodes[i % nearCodes.length], "radiusKm", 10),
                i -> {
                    double[] p = points.get(nearCodes[i % nearCodes.length]);
                    org.cortege.geo.Circle c = new org.cortege.geo.Circle(p[0], p[1], 10);
                    List<Integer> cells = org.cortege.geo.Circle.cells(c.minLat(), c.maxLat(), c.minLng(), c.maxLng(), 500);
                    Object[] q = new Object[1 + cells.size() + 7];
                    q[0] = "SELECT COUNT(*) FROM person p WHERE p.geo_cell IN (" + String.join(",", java.util.Collections.nCopies(cells.size(), "?"))
                            + ") AND p.lat BETWEEN ? AND ? AND p.lng BETWEEN ? AND ? AND " + org.cortege.geo.Circle.distanceSql("p.") + " <= 10";
                    for (int k = 0; k < cells.size(); k++) {
                        q[1 + k] = cells.get(k);
                    }
                    Object[] rest = {c.minLat(), c.maxLat(), c.minLng(), c.maxLng(), p[0], p[0], p[1]};
                    System.arraycopy(rest, 0, q, 1 + cells.size(), rest.length);
                    return q;
                }, base);

        // 4. everyone accepting mailings (the widest count)
        segment("everyone accepting mailings (widest)", i -> Map.of("field", "emailConsent", "value", true),
                i -> new Object[] {"SELECT COUNT(*) FROM person p WHERE p.email_consent"}, base);

        if (!"segments".equals(System.getProperty("bench.only"))) {
            campaign(base);
            importCsv(base);
        }
    }

    private void segment(String name, java.util.function.IntFunction<Map<String, Object>> rule,
                         java.util.function.IntFunction<Object[]> handSql, String base) throws Exception {
        IntConsumer countHttp = i -> post(base + "/api/admin/segments/count", json(Map.of("rule", rule.apply(i))));
        IntConsumer pageHttp = i -> post(base + "/api/admin/people/search", json(Map.of("rule", rule.apply(i), "size", 50)));
        IntConsumer viaSql = i -> {
            Object[] q = handSql.apply(i);
            count((String) q[0], Arrays.copyOfRange(q, 1, q.length));
        };
        LoadRun.run("warm-up", THREADS, 30, countHttp);
        LoadRun.run("warm-up", THREADS, 30, viaSql);
        long matches = count((String) handSql.apply(0)[0], Arrays.copyOfRange(handSql.apply(0), 1, handSql.apply(0).length));
        LoadRun.Result c = LoadRun.run("live count: " + name + " (HTTP, ~" + matches + " matches)", THREADS, REQUESTS, countHttp);
        LoadRun.Result p = LoadRun.run("first page of 50: " + name + " (HTTP, sorted by sign-up date)", THREADS, REQUESTS, pageHttp);
        LoadRun.Result s = LoadRun.run("  hand-written COUNT(*) on the same indexes (JDBC)", THREADS, REQUESTS, viaSql);
        System.out.println(c.line(s));
        System.out.println(p.line(s));
        org.cortege.support.BenchTable.row("ContactsBenchmark", c, s);
        org.cortege.support.BenchTable.row("ContactsBenchmark", p, s);
        System.out.println(s.line(s));
    }

    private void campaign(String base) throws Exception {
        // About 100 000 recipients: four big départements of people accepting mailings.
        List<String> depts = List.of("75", "13", "69", "59");
        Map<String, Object> rule = Map.of("field", "departement", "values", depts);
        String marks = String.join(",", java.util.Collections.nCopies(depts.size(), "?"));
        long recipients = count("SELECT COUNT(*) FROM person p WHERE p.departement IN (" + marks + ") AND p.email_consent "
                + "AND p.status IN ('CONFIRMED', 'CONTACT')", depts.toArray());
        String created = post(base + "/api/admin/campaigns", json(Map.of("subject", "Bench " + UUID.randomUUID(), "body",
                "Rendez-vous **samedi**.", "locale", "fr", "rule", rule)));
        String id = created.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        post(base + "/api/admin/campaigns/" + id + "/send", "{}");
        long t0 = System.nanoTime();
        int fixed = campaigns.startDue();
        long startMs = (System.nanoTime() - t0) / 1_000_000;
        update("DROP TABLE IF EXISTS bench_recipients");
        update("CREATE TABLE bench_recipients (person_id BIGINT PRIMARY KEY)");
        long t1 = System.nanoTime();
        update("INSERT INTO bench_recipients SELECT p.id FROM person p WHERE p.departement IN (" + marks + ") AND p.email_consent "
                + "AND p.status IN ('CONFIRMED', 'CONTACT')", depts.toArray());
        long baseMs = (System.nanoTime() - t1) / 1_000_000;
        update("DROP TABLE bench_recipients");
        System.out.printf(Locale.ROOT, "campaign to %d people (%d expected): recipients fixed in %d ms; plain INSERT … SELECT of the same ids %d ms; "
                + "ratio %.2f%n", fixed, recipients, startMs, baseMs, (double) startMs / Math.max(1, baseMs));
        long t2 = System.nanoTime();
        int queued = 0;
        while (queued < 5000) {
            queued += campaigns.queueBatch(1000);
        }
        double perSecond = queued / ((System.nanoTime() - t2) / 1e9);
        System.out.printf(Locale.ROOT, "  handing mails to the outbox (render + insert, one transaction per 1 000): %d mails at %.0f /s "
                + "(the configured pace is 600 /min per node)%n", queued, perSecond);
        post(base + "/api/admin/campaigns/" + id + "/cancel", "{}");
        update("DELETE FROM mail_outbox WHERE campaign_id = (SELECT id FROM campaign WHERE public_id = ?)", id);
    }

    private void importCsv(String base) throws Exception {
        String run = Long.toString(System.nanoTime(), 36);
        String[] codes = {"75011", "13001", "69003", "31000", "33000", "59000", "44000", "67000"};
        StringBuilder csv = new StringBuilder("Prénom;Nom;Courriel;Code postal;Date de naissance;Centres d'intérêt;Consentement\n");
        Random random = new Random(9);
        for (int i = 0; i < IMPORT_ROWS; i++) {
            csv.append("Camille;Import;bench-").append(run).append('-').append(i).append("@example.invalid;").append(codes[random.nextInt(codes.length)])
                    .append(';').append(1 + random.nextInt(28)).append("/0").append(1 + random.nextInt(9)).append('/').append(1950 + random.nextInt(50))
                    .append(";écologie;").append(random.nextBoolean() ? "oui" : "non").append('\n');
        }
        byte[] bytes = csv.toString().getBytes(StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        String begun = post(base + "/api/admin/imports", json(Map.of("fileName", "bench-" + run + ".csv", "size", bytes.length)));
        String id = begun.replaceAll("(?s).*\"id\":\"([^\"]+)\".*", "$1");
        for (int seq = 0; seq * 48 * 1024 < bytes.length; seq++) {
            byte[] piece = Arrays.copyOfRange(bytes, seq * 48 * 1024, Math.min(bytes.length, (seq + 1) * 48 * 1024));
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/admin/imports/" + id + "/pieces/" + seq))
                    .header("Cookie", cookie).header("Content-Type", "application/octet-stream")
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(piece)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 204) {
                throw new AssertionError(r.body());
            }
        }
        String read = post(base + "/api/admin/imports/" + id + "/complete", "{}");
        long uploadMs = (System.nanoTime() - t0) / 1_000_000;
        String mapping = read.replaceAll("(?s).*\"mapping\":(\\{[^}]*\\}).*", "$1");
        long t1 = System.nanoTime();
        post(base + "/api/admin/imports/" + id + "/start", "{\"mapping\":" + mapping + ",\"duplicates\":\"update\",\"origin\":\"former-tool\",\"legalBasis\":\"regular-contact\",\"attested\":true}");
        String status;
        do {
            Thread.sleep(200);
            status = get(base + "/api/admin/imports/" + id);
        } while (!status.contains("\"status\":\"DONE\"") && !status.contains("\"status\":\"FAILED\""));
        long importMs = (System.nanoTime() - t1) / 1_000_000;
        long created = count("SELECT COUNT(*) FROM person WHERE source = ?", "import:bench-" + run + ".csv");
        long lastId = count("SELECT MAX(id) FROM person");
        long t2 = System.nanoTime();
        demo.insertContacts(IMPORT_ROWS, System.nanoTime());
        long baseMs = (System.nanoTime() - t2) / 1_000_000;
        update("DELETE FROM person WHERE id > ? AND source <> ?", lastId, "import:bench-" + run + ".csv"); // keep the data set at its size
        System.out.printf(Locale.ROOT, "import of %d CSV lines (%.1f MB): upload in %d pieces + reading %d ms; import in the background %d ms "
                        + "(%.0f lines/s, %d people created); plain JDBC batch insert of as many people with their interests %d ms; ratio %.2f%n",
                IMPORT_ROWS, bytes.length / 1e6, (bytes.length + 48 * 1024 - 1) / (48 * 1024), uploadMs, importMs,
                IMPORT_ROWS / (importMs / 1000.0), created, baseMs, (double) importMs / Math.max(1, baseMs));
        update("DELETE FROM person WHERE source = ?", "import:bench-" + run + ".csv");
    }

    /** Past dates of action with people who came: the data the "attended" criterion reads. */
    private void ensureAttendance() throws Exception {
        if (count("SELECT COUNT(*) FROM event_rsvp") >= 40_000) {
            return;
        }
        if (count("SELECT COUNT(*) FROM support_group") < 2000) {
            demo.insertGroups(2000, 3);
        }
        if (count("SELECT COUNT(*) FROM event_occurrence WHERE starts_at < NOW()") < 2000) {
            demo.insertActions(20_000, 4);
        }
        update("INSERT IGNORE INTO event_rsvp (public_id, occurrence_id, person_id, locale, attendee_key, status, attended, created_at, updated_at) "
                + "SELECT LEFT(MD5(CONCAT(p.id, '-', o.id)), 24), o.id, p.id, 'fr', CONCAT('p:', p.id), 'CONFIRMED', RAND() < 0.6, o.starts_at, o.starts_at "
                + "FROM (SELECT id, ROW_NUMBER() OVER () AS n FROM person WHERE status = 'CONFIRMED' ORDER BY RAND() LIMIT 40000) p "
                + "JOIN (SELECT id, starts_at, ROW_NUMBER() OVER () AS n FROM event_occurrence WHERE starts_at < NOW() "
                + "AND starts_at > NOW() - INTERVAL 60 DAY LIMIT 2000) o ON o.n = 1 + MOD(p.n, 2000)");
    }

    private String adminSession() {
        String email = "bench-admin@cortege.test";
        if (count("SELECT COUNT(*) FROM person WHERE email = ?", email) == 0) {
            update("INSERT INTO person (public_id, email, first_name, last_name, country, postal_code, locale, status, admin, source, "
                    + "created_at, confirmed_at, updated_at) VALUES (?, ?, 'Bench', 'Admin', 'FR', '75011', 'fr', 'CONFIRMED', TRUE, 'bench', "
                    + "NOW(6), NOW(6), NOW(6))", Tokens.newPublicId(), email);
        }
        String token = Tokens.newToken();
        update("INSERT INTO user_session (token_hash, person_id, created_at, last_seen_at, expires_at) SELECT ?, id, NOW(6), NOW(6), "
                + "NOW(6) + INTERVAL 1 DAY FROM person WHERE email = ?", Tokens.hash(token), email);
        return "cortege_session=" + token;
    }

    private String json(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private String post(String url, String body) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private String get(String url) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Cookie", cookie).GET().build());
    }

    private String send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() >= 300) {
                throw new AssertionError(request.uri() + " → " + r.statusCode() + " " + r.body());
            }
            return r.body();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
