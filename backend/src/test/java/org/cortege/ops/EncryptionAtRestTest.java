package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.stream.Stream;
import org.cortege.support.OwnMariaDb;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Encryption at rest as the compose file sets it up: a MariaDB of its own (Debian's, started by
 * this test in a temporary directory, port 3325) with {@code docker/mariadb/encryption.cnf} as it
 * is, its key file outside the data directory; Cortège's schema migrated on it; a supporter's
 * address written; then the files on disk read byte by byte: the person table, the redo log and
 * the binary log hold no trace of the address, while a table explicitly left unencrypted shows its
 * marker in clear (the reading would see it). Skipped, saying why, where Debian's MariaDB server or
 * its file key management plugin is not installed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EncryptionAtRestTest {

    private static final int PORT = 3325;

    private OwnMariaDb db;
    private Path dir;

    @BeforeAll
    void startAnEncryptedMariaDb() throws Exception {
        db = OwnMariaDb.start(PORT, "CREATE USER IF NOT EXISTS 'cortege'@'127.0.0.1' IDENTIFIED BY 'cortege'; "
                + "GRANT ALL PRIVILEGES ON cortege.* TO 'cortege'@'127.0.0.1'; GRANT RELOAD, PROCESS ON *.* TO 'cortege'@'127.0.0.1'");
        dir = db.dir();
    }

    @AfterAll
    void stop() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:" + PORT + "/cortege", "cortege", "cortege");
    }

    /** Writes the table's pages to its file now (as a checkpoint would later). */
    private void flush(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("FLUSH TABLES " + table + " FOR EXPORT");
            s.execute("UNLOCK TABLES");
        }
    }

    private boolean onDisk(Path file, String text) throws IOException {
        byte[] haystack = Files.readAllBytes(file);
        byte[] needle = text.getBytes(StandardCharsets.UTF_8);
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    @Test
    void noAddressCanBeReadFromTheFilesOnDisk() throws Exception {
        Flyway.configure().dataSource("jdbc:mariadb://127.0.0.1:" + PORT + "/cortege", "cortege", "cortege")
                .locations("classpath:db/migration").load().migrate();
        String email = "chiffre-" + UUID.randomUUID().toString().substring(0, 8) + "@exemple.org";
        String marker = "en-clair-" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection c = connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO person (public_id, email, first_name, last_name, country, "
                    + "postal_code, locale, status, source, created_at, updated_at) VALUES (?, ?, 'Secrète', 'Militante', 'FR', '75011', "
                    + "'fr', 'CONFIRMED', 'signup', NOW(6), NOW(6))")) {
                ps.setString(1, UUID.randomUUID().toString().replace("-", "").substring(0, 16));
                ps.setString(2, email);
                ps.executeUpdate();
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE left_plain (v VARCHAR(100)) ENGINE=InnoDB ENCRYPTED=NO");
                s.execute("INSERT INTO left_plain VALUES ('" + marker + "')");
            }
            flush(c, "person");
            flush(c, "left_plain");
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT NAME, ENCRYPTION_SCHEME FROM information_schema.INNODB_TABLESPACES_ENCRYPTION "
                         + "WHERE NAME = 'cortege/person'")) {
                assertTrue(rs.next());
                assertEquals("cortege/person", rs.getString(1));
                assertEquals(1, rs.getInt(2), "the person table is encrypted");
            }
        }
        Path data = dir.resolve("data");
        assertTrue(onDisk(data.resolve("cortege").resolve("left_plain.ibd"), marker),
                "a table left unencrypted on purpose shows its text: the reading would see an address");
        assertFalse(onDisk(data.resolve("cortege").resolve("person.ibd"), email), "the person table's file shows no address");
        assertFalse(onDisk(data.resolve("cortege").resolve("person.ibd"), "Militante"), "nor a name");
        try (Stream<Path> files = Files.list(data)) {
            for (Path f : files.filter(p -> p.getFileName().toString().startsWith("ib_logfile")
                    || p.getFileName().toString().matches("mariadb-bin\\.\\d+")).toList()) {
                assertFalse(onDisk(f, email), f.getFileName() + " (redo or binary log) shows no address");
            }
        }
    }
}
