package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * The rollback mistake: the previous version started on a database a newer one migrated. It must
 * refuse, saying what to do, instead of writing rows the newer schema does not expect.
 */
@AppTest
class SchemaGuardTest extends ApiTest {

    @Test
    void aNodeOlderThanItsDatabaseRefusesToStartAndSaysWhy() {
        String target = "cortege_restore_" + Long.toString(System.nanoTime(), 36);
        String targetUrl = createDatabase(target);
        try {
            Map<String, Object> props = secondNodeProperties();
            props.put("datasources.default.url", targetUrl);
            try (ApplicationContext first = ApplicationContext.run(props, "test")) {
                assertTrue(first.isRunning(), "this version migrates an empty database and starts");
            }
            // A newer version came, migrated, and was rolled back by starting this one again.
            update("INSERT INTO " + target + ".flyway_schema_history (installed_rank, version, description, type, script, checksum, "
                    + "installed_by, installed_on, execution_time, success) VALUES (9999, '9999', 'from the future', 'SQL', "
                    + "'V9999__from_the_future.sql', 1, 'test', NOW(), 1, 1)");
            Exception refused = assertThrows(Exception.class, () -> ApplicationContext.run(props, "test").close());
            Throwable root = refused;
            while (root.getCause() != null && !(root instanceof IllegalStateException && root.getMessage().contains("newer"))) {
                root = root.getCause();
            }
            String message = String.valueOf(root.getMessage());
            assertTrue(message.contains("V9999") && message.contains("restore the dump taken just before the upgrade"), message);
        } finally {
            update("DROP DATABASE IF EXISTS " + target);
        }
    }

    /**
     * Several app nodes on a Galera cluster: only one applies migrations (Flyway's lock is not shared between Galera
     * nodes). The others wait for it instead of starting on a schema they do not know, and refuse at once, saying why,
     * when a migration failed there.
     */
    @Test
    void aNodeThatDoesNotMigrateWaitsForTheOneThatDoes() throws Exception {
        String target = "cortege_restore_wait" + Long.toString(System.nanoTime(), 36);
        String targetUrl = createDatabase(target);
        try {
            Map<String, Object> migrating = secondNodeProperties();
            migrating.put("datasources.default.url", targetUrl);
            Map<String, Object> waiting = new java.util.HashMap<>(migrating);
            waiting.put("flyway.datasources.default.enabled", "false");
            waiting.put("cortege.migrations.wait-limit", "3m");
            CompletableFuture<ApplicationContext> second = CompletableFuture.supplyAsync(() -> ApplicationContext.run(waiting, "test"));
            Thread.sleep(4000);
            assertFalse(second.isDone(), "the node that does not migrate waits on an empty database");
            try (ApplicationContext first = ApplicationContext.run(migrating, "test")) {
                assertTrue(first.isRunning());
                try (ApplicationContext started = second.get(2, TimeUnit.MINUTES)) {
                    assertTrue(started.isRunning(), "it starts once the other node has migrated");
                }
            }

            // A migration that failed on the migrating node: the others say so instead of waiting.
            update("UPDATE " + target + ".flyway_schema_history SET success = 0 WHERE installed_rank = (SELECT MAX(installed_rank) FROM "
                    + "(SELECT installed_rank FROM " + target + ".flyway_schema_history) h)");
            long t0 = System.nanoTime();
            Exception refused = assertThrows(Exception.class, () -> ApplicationContext.run(waiting, "test").close());
            assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - t0) < 60, "at once, not after the wait limit");
            Throwable root = refused;
            while (root.getCause() != null && !(root instanceof IllegalStateException)) {
                root = root.getCause();
            }
            assertTrue(String.valueOf(root.getMessage()).contains("A migration failed on the node that applies them"), root.toString());
        } finally {
            update("DROP DATABASE IF EXISTS " + target);
        }
    }

    /** Creates an empty database beside the tests' one and gives its JDBC URL (the same server and options). */
    private String createDatabase(String name) {
        String url = embeddedServer.getApplicationContext().getProperty("datasources.default.url", String.class).orElseThrow();
        String query = url.contains("?") ? url.substring(url.indexOf('?')) : "";
        update("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        return url.substring(0, url.lastIndexOf('/') + 1) + name + query;
    }
}
