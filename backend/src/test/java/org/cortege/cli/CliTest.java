package org.cortege.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.junit.jupiter.api.Test;

/** The operator's commands, run in-process on the test database, checked through the running site. */
@MicronautTest(transactional = false)
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
    void migrateAndPurgeReport() {
        Run migrate = cli("migrate");
        assertEquals(0, migrate.exit(), migrate.err());
        assertTrue(migrate.out().contains("Database schema at version 1"), "[" + migrate.out() + "][" + migrate.err() + "]");
        update("INSERT INTO person (public_id, email, first_name, last_name, country, postal_code, status, created_at, updated_at) "
                + "VALUES (?, ?, 'Oublié', 'Pending', 'FR', '75001', 'PENDING', NOW(6) - INTERVAL 40 DAY, NOW(6))",
                "c" + Long.toString(System.nanoTime(), 36), newEmail());
        Run purge = cli("purge");
        assertEquals(0, purge.exit(), purge.err());
        assertTrue(purge.out().matches("(?s).*Removed [1-9]\\d* unconfirmed sign-ups.*"), purge.out());
    }
}
