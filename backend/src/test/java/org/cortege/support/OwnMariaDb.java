package org.cortege.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * A MariaDB server of a test's own: Debian's {@code mariadbd}, started in a temporary directory on a
 * fixed loopback port, with the settings the compose file gives production (binary log of rows, and
 * {@code docker/mariadb/encryption.cnf} as it is, its key file moved next to the data), a database
 * {@code cortege} and a user {@code cortege}@{@code 127.0.0.1} (password {@code cortege}) granted what
 * docs/install.md grants. Root connects through the socket ({@link #socket()}). Skips the test, saying
 * why, where Debian's server or its key management plugin is missing.
 */
public final class OwnMariaDb implements AutoCloseable {

    public static final Path ENCRYPTION_CNF = Path.of("..", "docker", "mariadb", "encryption.cnf").toAbsolutePath().normalize();

    /** The account docs/install.md creates, for 127.0.0.1 (the app and the scripts connect over TCP), password {@code cortege}. */
    public static final String INSTALL_GRANTS = "CREATE USER IF NOT EXISTS 'cortege'@'127.0.0.1' IDENTIFIED BY 'cortege'; "
            + "GRANT ALL PRIVILEGES ON cortege.* TO 'cortege'@'127.0.0.1'; "
            + "GRANT ALL PRIVILEGES ON `cortege\\_restore\\_%`.* TO 'cortege'@'127.0.0.1';";

    private final int port;
    private final Path dir;
    private final Process server;

    private OwnMariaDb(int port, Path dir, Process server) {
        this.port = port;
        this.dir = dir;
        this.server = server;
    }

    /** Starts it; {@code grants} are run as root once it answers (the users of docs/install.md, say). */
    public static OwnMariaDb start(int port, String grants) throws IOException, InterruptedException {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/sbin/mariadbd"))
                        && Files.exists(Path.of("/usr/lib/mysql/plugin/file_key_management.so")),
                "needs Debian's mariadb-server with its file_key_management plugin (.ci/run installs it)");
        Path dir = Files.createTempDirectory("cortege-mariadb-");
        Path keys = Files.createDirectories(dir.resolve("keys"));
        Path data = dir.resolve("data");
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        Files.writeString(keys.resolve("keyfile"), "1;" + HexFormat.of().formatHex(key) + "\n");
        String encryption = Files.readString(ENCRYPTION_CNF).replace("/etc/mysql/encryption/keyfile", keys.resolve("keyfile").toString());
        if (!encryption.contains("innodb_encrypt_tables") || !encryption.contains(keys.toString())) {
            throw new AssertionError("docker/mariadb/encryption.cnf no longer reads as expected");
        }
        Files.writeString(dir.resolve("my.cnf"), "[mariadb]\n"
                + "datadir = " + data + "\n"
                + "socket = " + dir.resolve("mysqld.sock") + "\n"
                + "pid-file = " + dir.resolve("mysqld.pid") + "\n"
                + "log-error = " + dir.resolve("error.log") + "\n"
                + "port = " + port + "\n"
                + "bind-address = 127.0.0.1\n"
                + "innodb_buffer_pool_size = 64M\n"
                + "innodb_log_file_size = 16M\n"
                + "performance_schema = OFF\n"
                + "character-set-server = utf8mb4\n"
                + "collation-server = utf8mb4_unicode_ci\n"
                + "log-bin = mariadb-bin\n"
                + "binlog-format = ROW\n"
                + "server-id = 1\n"
                + encryption.substring(encryption.indexOf("[mariadb]") + "[mariadb]".length()));
        boolean root = "root".equals(System.getProperty("user.name"));
        if (root) {
            Files.createDirectories(data);
            run(List.of("chown", "-R", "mysql:mysql", dir.toString()));
            run(List.of("chmod", "755", dir.toString()));
        }
        List<String> install = new ArrayList<>(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data,
                "--auth-root-authentication-method=socket"));
        if (root) {
            install.add("--user=mysql");
        }
        run(install);
        List<String> start = new ArrayList<>(List.of("/usr/sbin/mariadbd", "--defaults-file=" + dir.resolve("my.cnf")));
        if (root) {
            start.add("--user=mysql");
        }
        Process server = new ProcessBuilder(start).redirectErrorStream(true).redirectOutput(dir.resolve("server.out").toFile()).start();
        OwnMariaDb db = new OwnMariaDb(port, dir, server);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            Process ping = new ProcessBuilder("mariadb", "--no-defaults", "-S", db.socket().toString(), "-uroot", "-e",
                    "CREATE DATABASE IF NOT EXISTS cortege CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci; " + grants)
                    .redirectErrorStream(true).start();
            String out = new String(ping.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (ping.waitFor(10, TimeUnit.SECONDS) && ping.exitValue() == 0) {
                return db;
            }
            if (out.contains("ERROR") && !out.contains("Can't connect")) {
                db.close();
                throw new AssertionError("the grants failed: " + out);
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                String log = Files.readString(dir.resolve("error.log"));
                db.close();
                throw new AssertionError("MariaDB did not start:\n" + log);
            }
            Thread.sleep(250);
        }
    }

    public int port() {
        return port;
    }

    public Path dir() {
        return dir;
    }

    public Path data() {
        return dir.resolve("data");
    }

    public Path socket() {
        return dir.resolve("mysqld.sock");
    }

    public String url(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    @Override
    public void close() throws IOException, InterruptedException {
        server.destroy();
        if (!server.waitFor(30, TimeUnit.SECONDS)) {
            server.destroyForcibly();
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new AssertionError(command + " failed:\n" + out);
        }
    }
}
