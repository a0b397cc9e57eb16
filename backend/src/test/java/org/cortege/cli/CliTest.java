package org.cortege.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/** The operator's commands, run in-process on the test database, checked through the running site. */
@AppTest
class CliTest extends ApiTest {

    private record Run(int exit, String out, String err) {
    }

    private static synchronized Run cli(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
            int exit = Cli.execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    @Test
    void createAdminPrintsALinkThatSignsInAnAdminUntilRevoked() {
        String email = newEmail();
        Run created = cli("create-admin", "--email", email.toUpperCase(), "--first-name", "Ana", "--last-name", "López");
        assertEquals(0, created.exit(), created.err());
        Matcher link = Pattern.compile("/connexion/confirmer#token=([A-Za-z0-9_-]{43})").matcher(created.out());
        assertTrue(link.find(), created.out());
        Api.Response signedIn = api.post("/api/login/confirm", Map.of("token", link.group(1)));
        assertEquals(200, signedIn.status(), signedIn.body());
        String cookie = signedIn.sessionCookie();
        assertEquals(200, api.get("/api/admin/me", "Cookie", cookie).status(), "an admin, though not in CORTEGE_ADMIN_EMAILS");
        assertEquals(400, api.post("/api/login/confirm", Map.of("token", link.group(1))).status(), "the link works once");

        assertEquals(0, cli("revoke-admin", "--email", email).exit());
        assertEquals(403, api.get("/api/admin/me", "Cookie", cookie).status());
        assertEquals(1, cli("revoke-admin", "--email", newEmail()).exit(), "an unknown address");
    }

    @Test
    void badInputGetsASentenceAndANonZeroExit() {
        Run bad = cli("create-admin", "--email", "pas une adresse");
        assertEquals(1, bad.exit());
        assertTrue(bad.err().contains("--email"), bad.err());
        assertEquals(2, cli("demo", "--supporters", "-5").exit());
        assertEquals(2, cli("create-admin").exit(), "--email is required");
        assertEquals(2, cli("migrate", "--nonsense").exit());
        Run help = cli("--help");
        assertEquals(0, help.exit());
        assertTrue(help.out().contains("create-admin") && help.out().contains("purge"));
    }

    @Test
    void demoWritesGeneratedPeopleGroupsAndActionsThroughTheirOwnersThatTheSiteShows() throws Exception {
        long seed = System.nanoTime() % 1_000_000;
        long people = count("SELECT COUNT(*) FROM person WHERE source = 'demo'");
        long groups = count("SELECT COUNT(*) FROM support_group WHERE slug LIKE 'demo-%'");
        long actions = count("SELECT COUNT(*) FROM event WHERE slug LIKE 'demo-%'");
        Run demo = cli("demo", "--supporters", "40", "--groups", "3", "--actions", "7", "--seed", Long.toString(seed));
        assertEquals(0, demo.exit(), demo.err());
        assertTrue(demo.out().contains("Added 40 demo supporters, 3 demo groups and 7 demo actions"), demo.out());

        assertEquals(people + 40, count("SELECT COUNT(*) FROM person WHERE source = 'demo'"));
        assertEquals(0, count("SELECT COUNT(*) FROM person WHERE source = 'demo' AND (status <> 'CONFIRMED' OR confirmed_at IS NULL "
                + "OR email NOT LIKE '%@example.invalid')"), "confirmed, at addresses no mail can reach");
        assertTrue(count("SELECT COUNT(*) FROM person_interest i JOIN person p ON p.id = i.person_id WHERE p.source = 'demo'") > 0,
                "with their interests");
        assertEquals(groups + 3, count("SELECT COUNT(*) FROM support_group WHERE slug LIKE 'demo-%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM support_group g WHERE g.slug LIKE 'demo-%' AND g.member_count <> "
                + "(SELECT COUNT(*) FROM group_membership m WHERE m.group_id = g.id)"), "each group's count is its members");
        assertEquals(0, count("SELECT COUNT(*) FROM support_group g WHERE g.slug LIKE 'demo-%' AND NOT EXISTS (SELECT 1 FROM "
                + "group_membership m WHERE m.group_id = g.id AND m.role = 'FOUNDER' AND m.person_id = g.created_by)"),
                "founded by a demo supporter, who is its founder");
        assertEquals(actions + 7, count("SELECT COUNT(*) FROM event WHERE slug LIKE 'demo-%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM event e WHERE e.slug LIKE 'demo-%' AND 1 <> (SELECT COUNT(*) FROM "
                + "event_occurrence o WHERE o.event_id = e.id AND o.state = 'ON' AND o.group_id = e.group_id)"), "one date each");

        String slug = string("SELECT slug FROM support_group WHERE slug LIKE 'demo-%' ORDER BY id DESC LIMIT 1");
        Api.Response page = api.get("/api/groups/" + slug);
        assertEquals(200, page.status(), page.body());
        assertTrue(page.body().contains("Groupe de démonstration"), page.body());
        String action = string("SELECT e.slug FROM event e WHERE e.slug LIKE 'demo-%' ORDER BY e.id DESC LIMIT 1");
        assertEquals(200, api.get("/api/events/" + action).status());
    }

    /** The highest V{n} of the migrations folder. */
    private static int latestMigration() {
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("src/main/resources/db/migration"))) {
            return files.map(f -> f.getFileName().toString()).filter(n -> n.matches("V\\d+__.*"))
                    .mapToInt(n -> Integer.parseInt(n.substring(1, n.indexOf("__")))).max().orElseThrow();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void migrateAndPurgeReport() {
        Run migrate = cli("migrate");
        assertEquals(0, migrate.exit(), migrate.err());
        assertTrue(migrate.out().contains("Database schema at version " + latestMigration()), "[" + migrate.out() + "][" + migrate.err() + "]");
        update("INSERT INTO person (public_id, email, first_name, last_name, country, postal_code, status, created_at, updated_at) "
                + "VALUES (?, ?, 'Oublié', 'Pending', 'FR', '75001', 'PENDING', NOW(6) - INTERVAL 40 DAY, NOW(6))",
                "c" + Long.toString(System.nanoTime(), 36), newEmail());
        Run purge = cli("purge");
        assertEquals(0, purge.exit(), purge.err());
        assertTrue(purge.out().matches("(?s).*Removed [1-9]\\d* unconfirmed sign-ups.*"), purge.out());
    }

    @Test
    void anotherCountrysGeoNamesFileServesAnInstanceSetToThatCountry() throws Exception {
        String belgianEmail;
        java.nio.file.Path file = java.nio.file.Files.createTempFile("BE", ".txt");
        try {
            java.nio.file.Files.writeString(file, String.join("\n",
                    "BE\t1000\tBruxelles\tBruxelles-Capitale\tBRU\tBruxelles-Capitale\tBRU\t\t\t50.8504\t4.3488\t4",
                    "BE\t1000\tBruxelles\tBruxelles-Capitale\tBRU\tBruxelles-Capitale\tBRU\t\t\t50.8504\t4.3488\t4",
                    "BE\t4000\tLiège\tWallonie\tWAL\tProvince de Liège\tWLG\tLiège\t62\t50.6412\t5.5718\t4",
                    "BE\t!!\tNulle part\tWallonie\tWAL\t\t\t\t\t50.0\t5.0\t1",
                    "DE\t10115\tBerlin\tBerlin\tBE\t\t00\tBerlin\t11000\t52.5323\t13.3846\t4", ""));
            Run loaded = cli("import-postal-codes", "--file", file.toString(), "--country", "be");
            assertEquals(0, loaded.exit(), loaded.err());
            assertTrue(loaded.out().contains("Loaded 2 postal codes in 2 areas for BE; 1 lines left out (first: line 4: postal code"),
                    loaded.out());
            assertEquals(1, cli("import-postal-codes", "--file", file.toString(), "--country", "FR").exit(), "France ships");
            assertEquals(1, cli("import-postal-codes", "--file", file.toString(), "--country", "BEL").exit());
            assertEquals(1, cli("import-postal-codes", "--file", file + ".missing", "--country", "BE").exit());
            assertEquals(1, cli("import-postal-codes", "--file", file.toString(), "--country", "NL").exit(), "no line of NL");

            Map<String, Object> props = secondNodeProperties();
            props.put("cortege.country", "BE");
            belgianEmail = newEmail();
            try (var belgian = io.micronaut.context.ApplicationContext.run(io.micronaut.runtime.server.EmbeddedServer.class, props, "test");
                 var client = io.micronaut.http.client.HttpClient.create(belgian.getURL())) {
                Api be = new Api(client, json);
                String email = belgianEmail;
                Map<String, Object> body = new java.util.HashMap<>(signupBody(email));
                body.put("postalCode", "4000");
                assertEquals(202, be.post("/api/signup", body).status());
                assertEquals("BE|Liège|WAL", string("SELECT CONCAT(country, '|', commune, '|', departement) FROM person WHERE email = ?", email));
                String areas = be.get("/api/geo/departements").body();
                assertTrue(areas.contains("\"BRU\"") && !areas.contains("\"13\""), areas);
                body.put("email", newEmail());
                body.put("postalCode", "13001");
                assertEquals(400, be.post("/api/signup", body).status(), "a French code is unknown in Belgium");
            }
            assertEquals(202, api.post("/api/signup", signupBody(newEmail())).status(), "the French instance is unaffected");

            // a newer file for the Belgian instance's own country: Liège's point moves, and so does the supporter stored on it
            java.nio.file.Files.writeString(file, "BE\t4000\tLiège\tWallonie\tWAL\t\t\t\t\t50.7000\t5.6000\t4\n");
            Run moved;
            System.setProperty("cortege.country", "BE");
            try {
                moved = cli("import-postal-codes", "--file", file.toString(), "--country", "BE");
            } finally {
                System.clearProperty("cortege.country");
            }
            assertEquals(0, moved.exit(), moved.err());
            assertEquals(1, count("SELECT COUNT(*) FROM geo_postal_code WHERE country = 'BE'"), "a new file replaces the country's rows");
            assertTrue(moved.out().contains("Moved to their commune's new point: 1 people, 0 groups, 0 actions"), moved.out());
            assertEquals("50.7000", string("SELECT FORMAT(lat, 4) FROM person WHERE email = ?", belgianEmail));
        } finally {
            update("DELETE FROM geo_postal_code WHERE country = 'BE'");
            update("DELETE FROM geo_departement WHERE country = 'BE'");
            java.nio.file.Files.deleteIfExists(file);
        }
    }
}
