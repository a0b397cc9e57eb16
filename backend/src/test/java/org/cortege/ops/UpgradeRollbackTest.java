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
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.cortege.support.OwnMariaDb;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationVersion;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The upgrade and rollback of docs/upgrade.md on a real MariaDB (its own, port 3327, the accounts of
 * docs/install.md): the database at an older release's schema (V29) with its supporters, the dump
 * taken before upgrading, the upgrade (every later migration, two of them creating tables), a
 * sign-up on the new version, then {@code docker/restore.sh --rollback}: refused while the app is
 * connected, then the database back at V29 exactly (no table of the newer version left behind), the
 * lost sign-up counted and kept in a dump of its own, and the next upgrade migrating again without
 * an error, which a restore over the newer schema made fail ("table already exists").
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpgradeRollbackTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();
    private static final String OLDER = "29";

    private OwnMariaDb db;
    private Path backups;

    @BeforeAll
    void start() throws Exception {
        db = OwnMariaDb.start(3327, OwnMariaDb.INSTALL_GRANTS);
        backups = Files.createTempDirectory("cortege-rollback-");
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

    private Flyway flyway(String target) {
        var config = Flyway.configure().dataSource(db.url("cortege"), "cortege", "cortege").locations("classpath:db/migration");
        return (target == null ? config : config.target(MigrationVersion.fromVersion(target))).load();
    }

    @Test
    void aRollbackRestoresTheOlderSchemaExactlyCountsWhatIsLostAndTheNextUpgradeWorks() throws Exception {
        flyway(OLDER).migrate();
        String kept = addSupporter();
        List<String> olderTables = tables();
        Run backup = script("backup.sh", backups.toString());
        assertEquals(0, backup.exit(), backup.output());
        Path dump = Path.of(backup.output().lines().reduce((a, b) -> b).orElseThrow().trim());

        int applied = flyway(null).migrate().migrationsExecuted;
        assertTrue(applied >= 3, "the upgrade applied the newer migrations: " + applied);
        List<String> newerOnly = new ArrayList<>(tables());
        newerOnly.removeAll(olderTables);
        assertTrue(newerOnly.contains("import_notice"), "the newer version created tables of its own: " + newerOnly);
        String lost = addSupporter();

        // the app still running (a node nobody stopped): refused, nothing changed
        try (Connection app = connect()) {
            Run refused = script("restore.sh", "--rollback", dump.toString());
            assertEquals(1, refused.exit(), refused.output());
            assertTrue(refused.output().contains("stop the app"), refused.output());
            assertEquals(2, count(app, "SELECT COUNT(*) FROM person"), "nothing was changed");
        }

        // a dump cut short (a copy interrupted, a full disk): read through before anything is dropped
        Path cut = backups.resolve("cortege-20260101T000000Z.sql.gz");
        byte[] whole = Files.readAllBytes(dump);
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        Run refusedCut = script("restore.sh", "--rollback", cut.toString());
        assertEquals(1, refusedCut.exit(), refusedCut.output());
        assertTrue(refusedCut.output().contains("nothing was changed"), refusedCut.output());
        try (Connection c = connect()) {
            assertEquals(2, count(c, "SELECT COUNT(*) FROM person"), "the live database is untouched");
        }
        Files.delete(cut);

        Run rollback = script("restore.sh", "--rollback", dump.toString());
        assertEquals(0, rollback.exit(), rollback.output());
        assertTrue(rollback.output().contains("schema V" + OLDER + " (it was V"), rollback.output());
        assertTrue(rollback.output().contains("Lost, net, unless copied back by hand: 1 people (2 → 1)"), rollback.output());
        assertEquals(olderTables, tables(), "exactly the older schema's tables, none of the newer version's left behind");
        try (Connection c = connect()) {
            assertEquals(Integer.parseInt(OLDER), count(c, "SELECT MAX(CAST(version AS UNSIGNED)) FROM flyway_schema_history WHERE success"));
            assertEquals(1, count(c, "SELECT COUNT(*) FROM person WHERE email = '" + kept + "'"));
            assertEquals(0, count(c, "SELECT COUNT(*) FROM person WHERE email = '" + lost + "'"));
        }
        Path aside = Path.of(rollback.output().replaceAll("(?s).*is kept in (\\S+)\\..*", "$1"));
        assertTrue(Files.exists(aside) && aside.getFileName().toString().startsWith("before-rollback-"), rollback.output());
        assertTrue(unzipped(aside).contains(lost), "the lost sign-up is in the dump taken before the rollback");

        // the next upgrade
        assertTrue(flyway(null).migrate().migrationsExecuted >= 3, "the newer version migrates the rolled-back database again");
        try (Connection c = connect()) {
            assertEquals(1, count(c, "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = 'cortege' "
                    + "AND table_name = 'import_notice'"));
        }
    }

    private List<String> tables() throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection c = connect(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT table_name FROM information_schema.tables WHERE table_schema = 'cortege' ORDER BY table_name")) {
            while (rs.next()) {
                names.add(rs.getString(1));
            }
        }
        return names;
    }

    private String addSupporter() throws SQLException {
        String email = "maj-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.org";
        try (Connection c = connect(); PreparedStatement ps = c.prepareStatement("INSERT INTO person (public_id, email, first_name, "
                + "last_name, country, postal_code, locale, status, source, created_at, updated_at) VALUES (?, ?, 'Camille', 'Militante', "
                + "'FR', '75011', 'fr', 'CONFIRMED', 'signup', NOW(6), NOW(6))")) {
            ps.setString(1, UUID.randomUUID().toString().replace("-", "").substring(0, 16));
            ps.setString(2, email);
            ps.executeUpdate();
        }
        return email;
    }

    private static long count(Connection c, String sql) throws SQLException {
        try (ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(db.url("cortege"), "cortege", "cortege");
    }

    private static String unzipped(Path gz) throws IOException {
        try (var in = new GZIPInputStream(Files.newInputStream(gz))) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private record Run(int exit, String output) {
    }

    private Run script(String name, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", DOCKER.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(Map.of("DB_PORT", Integer.toString(db.port()), "DB_USER", "cortege", "DB_PASSWORD", "cortege"));
        Process p = pb.start();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.getInputStream().transferTo(out);
        assertFalse(!p.waitFor(120, TimeUnit.SECONDS), name + " did not end");
        return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8));
    }
}
