package org.cortege.ops;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.util.Map;
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
        String url = embeddedServer.getApplicationContext().getProperty("datasources.default.url", String.class).orElseThrow();
        String base = url.substring(0, url.lastIndexOf('/') + 1);
        String query = url.contains("?") ? url.substring(url.indexOf('?')) : "";
        update("CREATE DATABASE " + target + " CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci");
        try {
            Map<String, Object> props = secondNodeProperties();
            props.put("datasources.default.url", base + target + query);
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
}
