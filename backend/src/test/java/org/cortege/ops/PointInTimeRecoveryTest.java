package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.cortege.support.OwnMariaDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The point-in-time recovery of docs/backup.md, tried once: a MariaDB set up like the compose file's
 * (binary log on and encrypted, port 3326), the accounts docs/install.md creates, a nightly dump by
 * {@code docker/backup.sh} as the app's user, then a day's writes across two binary-log files, then an
 * accident (every supporter deleted). {@code docker/restore.sh --until} just before the accident, as
 * root through the socket, into a new database: the dump's rows and every later write are there, the
 * accident is not. A dump that records no position is refused before anything is written.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PointInTimeRecoveryTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

    private OwnMariaDb db;
    private Path backups;

    @BeforeAll
    void start() throws Exception {
        db = OwnMariaDb.start(3326, OwnMariaDb.INSTALL_GRANTS);
        backups = Files.createTempDirectory("cortege-pitr-");
        Flyway.configure().dataSource(db.url("cortege"), "cortege", "cortege").locations("classpath:db/migration").load().migrate();
    }

    @AfterAll
    void stop() throws Exception {
        if (db != null) {
            db.close();
        }
        if (backups != null) {
            try (var files = Files.walk(backups)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theDumpAndTheBinaryLogBringBackEveryWriteUpToAMomentAndNotTheAccident() throws Exception {
        String before = addSupporter("Avant");
        Run backup = script("backup.sh", Map.of("DB_PORT", Integer.toString(db.port()), "DB_USER", "cortege", "DB_PASSWORD", "cortege"),
                backups.toString());
        assertEquals(0, backup.exit(), backup.output());
        Path dump = Path.of(backup.output().lines().reduce((a, b) -> b).orElseThrow().trim());
        String header = head(dump);
        assertTrue(header.matches("(?s).*\\n-- CHANGE MASTER TO MASTER_LOG_FILE='mariadb-bin\\.\\d+', MASTER_LOG_POS=\\d+;.*"),
                "the dump records where it stands in the binary log:\n" + header);

        // the day goes on, across two log files (a restart, or the log reaching its size)
        String after = addSupporter("Après");
        root("FLUSH BINARY LOGS");
        String later = addSupporter("Plus tard");
        try (Connection c = connect("cortege"); PreparedStatement ps = c.prepareStatement("UPDATE person SET first_name = 'Renommée' WHERE email = ?")) {
            ps.setString(1, before);
            assertEquals(1, ps.executeUpdate());
        }
        // every sign-up writes a rate-limit bucket: binary state with zero bytes, which the client loading the
        // replay must take as is (the log's annotation of that statement carries them too)
        try (Connection c = connect("cortege"); PreparedStatement ps = c.prepareStatement(
                "INSERT INTO rate_limit_bucket (id, state, expires_at) VALUES ('signup-per-ip:pitr', ?, 0)")) {
            ps.setBytes(1, new byte[] {0, 0, 0, 7, 0, 39, 92, 0, 10, 13, 26});
            assertEquals(1, ps.executeUpdate());
        }
        // a statement naming its database (Flyway's own do): logged as rows, it is replayed into the target too
        root("UPDATE cortege.person SET last_name = 'Qualifiée' WHERE email = '" + later + "'");
        String lastGood = root("SELECT NOW()").trim();
        String until = root("SELECT NOW() + INTERVAL 1 SECOND").trim();
        while (root("SELECT NOW() >= '" + until + "' + INTERVAL 1 SECOND").trim().equals("0")) {
            Thread.sleep(100);
        }
        try (Connection c = connect("cortege")) {
            assertEquals(3, c.createStatement().executeUpdate("DELETE FROM person"), "the accident");
        }

        // The operator's shell is in another time zone than the server (UTC+14 here, UTC-10 below): the
        // moment is still the server's, as SELECT NOW() showed it.
        Run recovered = script("restore.sh", Map.of("DB_USER", "root", "DB_SOCKET", db.socket().toString(), "DB_NAME", "cortege_recovered",
                "TZ", "Pacific/Kiritimati"), "--until", until, dump.toString());
        assertEquals(0, recovered.exit(), recovered.output());
        assertTrue(recovered.output().contains("replayed the binary log from mariadb-bin."), recovered.output());
        assertEquals("3", root("SELECT COUNT(*) FROM cortege_recovered.person").trim(),
                "the dump's supporter, the two added after it, and no accident (last good write " + lastGood + ")");
        for (String email : List.of(before, after, later)) {
            assertEquals("1", root("SELECT COUNT(*) FROM cortege_recovered.person WHERE email = '" + email + "'").trim(), email);
        }
        assertEquals("Renommée", root("SELECT first_name FROM cortege_recovered.person WHERE email = '" + before + "'").trim(),
                "a change after the dump is replayed");
        assertEquals("0000000700275C000A0D1A", root("SELECT HEX(state) FROM cortege_recovered.rate_limit_bucket WHERE id = 'signup-per-ip:pitr'").trim(),
                "binary values replayed byte for byte");
        assertEquals("Qualifiée", root("SELECT last_name FROM cortege_recovered.person WHERE email = '" + later + "'").trim(),
                "a change naming the database went to the recovered one");
        assertEquals("0", root("SELECT COUNT(*) FROM cortege.person").trim(), "the damaged database is left as it was, for the record");

        // the same recovery in place of the live database (the app stopped): the damaged one saved first
        Run inPlace = script("restore.sh", Map.of("DB_USER", "root", "DB_SOCKET", db.socket().toString(), "TZ", "America/Adak"),
                "--rollback", "--until", until, dump.toString());
        assertEquals(0, inPlace.exit(), inPlace.output());
        assertEquals("3", root("SELECT COUNT(*) FROM cortege.person").trim(), inPlace.output());
        assertEquals("Renommée", root("SELECT first_name FROM cortege.person WHERE email = '" + before + "'").trim());
        assertEquals("Qualifiée", root("SELECT last_name FROM cortege.person WHERE email = '" + later + "'").trim());
        Path aside = Path.of(inPlace.output().replaceAll("(?s).*is kept in (\\S+)\\..*", "$1"));
        assertTrue(aside.getFileName().toString().startsWith("before-rollback-") && Files.exists(aside),
                "the damaged database saved first, outside the nightly rotation: " + inPlace.output());

        // a dump without a position: refused before anything is written
        Path bare = backups.resolve("no-position.sql.gz");
        try (var in = new GZIPInputStream(Files.newInputStream(dump)); var out = new GZIPOutputStream(Files.newOutputStream(bare))) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8).replaceAll("(?m)^-- CHANGE MASTER TO .*\\n", "");
            out.write(text.getBytes(StandardCharsets.UTF_8));
        }
        Run refused = script("restore.sh", Map.of("DB_USER", "root", "DB_SOCKET", db.socket().toString(), "DB_NAME", "cortege_other"),
                "--until", until, bare.toString());
        assertTrue(refused.exit() != 0, refused.output());
        assertTrue(refused.output().contains("records no binary-log position"), refused.output());
        assertEquals("0", root("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name = 'cortege_other'").trim());

        Run badMoment = script("restore.sh", Map.of("DB_USER", "root", "DB_SOCKET", db.socket().toString(), "DB_NAME", "cortege_other"),
                "--until", "hier soir", dump.toString());
        assertEquals(2, badMoment.exit(), badMoment.output());
        assertTrue(badMoment.output().contains("YYYY-MM-DD HH:MM:SS"), badMoment.output());
    }

    /** A dump someone tampered with (the backup folder is the app user's, without Docker) runs no shell command when restored. */
    @Test
    void aTamperedDumpRunsNoCommandOnTheServer() throws Exception {
        Run backup = script("backup.sh", Map.of("DB_PORT", Integer.toString(db.port()), "DB_USER", "cortege", "DB_PASSWORD", "cortege"),
                backups.resolve("tampered").toString());
        assertEquals(0, backup.exit(), backup.output());
        Path dump = Path.of(backup.output().lines().reduce((a, b) -> b).orElseThrow().trim());
        Path marker = backups.resolve("pwned-" + UUID.randomUUID());
        String text;
        try (var in = new GZIPInputStream(Files.newInputStream(dump))) {
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        // past the sandbox line mariadb-dump writes first, which a tampering hand would remove anyway
        String tampered = text.replaceFirst("(?m)^/\\*M!999999\\\\- enable the sandbox mode \\*/\\s*\n", "")
                .replaceFirst("(?m)^(USE `[^`]+`;)$", "$1\n\\\\! touch " + marker);
        assertTrue(tampered.contains("\\! touch"), "the command went in");
        Path bad = backups.resolve("tampered").resolve("cortege-20260101T000000Z.sql.gz");
        try (var out = new GZIPOutputStream(Files.newOutputStream(bad))) {
            out.write(tampered.getBytes(StandardCharsets.UTF_8));
        }
        Run restore = script("restore.sh", Map.of("DB_USER", "root", "DB_SOCKET", db.socket().toString(), "DB_NAME", "cortege_tampered"),
                bad.toString());
        assertFalse(Files.exists(marker), "the shell command in the dump did not run: " + restore.output());
        assertTrue(restore.exit() != 0, "the restore stopped at it: " + restore.output());
    }

    private String addSupporter(String firstName) throws SQLException {
        String email = "pitr-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.org";
        try (Connection c = connect("cortege"); PreparedStatement ps = c.prepareStatement("INSERT INTO person (public_id, email, first_name, "
                + "last_name, country, postal_code, locale, status, source, created_at, updated_at) VALUES (?, ?, ?, 'Militante', 'FR', "
                + "'75011', 'fr', 'CONFIRMED', 'signup', NOW(6), NOW(6))")) {
            ps.setString(1, UUID.randomUUID().toString().replace("-", "").substring(0, 16));
            ps.setString(2, email);
            ps.setString(3, firstName);
            ps.executeUpdate();
        }
        return email;
    }

    private Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(db.url(database), "cortege", "cortege");
    }

    /** A statement as MariaDB's root, through the socket; its output without column names. */
    private String root(String sql) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("mariadb", "--no-defaults", "-S", db.socket().toString(), "-uroot", "-N", "-e", sql)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(sql + ": " + out);
        }
        return out;
    }

    private static String head(Path gz) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            byte[] start = in.readNBytes(4096);
            return new String(start, StandardCharsets.UTF_8);
        }
    }

    private record Run(int exit, String output) {
    }

    private static Run script(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", DOCKER.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertFalse(!p.waitFor(120, TimeUnit.SECONDS), name + " did not end");
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
