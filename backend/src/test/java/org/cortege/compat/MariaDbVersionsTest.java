package org.cortege.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Map;
import org.cortege.geo.GeoDatasetLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;

/**
 * The migrations, the geography load and the locking queries the app relies on, on each MariaDB
 * LTS line we support. Needs Docker; skipped cleanly where there is none (this project's CI
 * machines have no Docker engine and run everything else on the local MariaDB server).
 */
@Testcontainers(disabledWithoutDocker = true)
class MariaDbVersionsTest {

    @ParameterizedTest
    @ValueSource(strings = {"mariadb:10.6", "mariadb:10.11", "mariadb:11.4"})
    void migrationsGeographyAndSkipLockedWork(String image) throws Exception {
        assertTrue(DockerClientFactory.instance().isDockerAvailable());
        try (MariaDBContainer db = new MariaDBContainer(image)) {
            db.start();
            MariaDbDataSource dataSource = new MariaDbDataSource(db.getJdbcUrl());
            dataSource.setUser(db.getUsername());
            dataSource.setPassword(db.getPassword());

            // The app's own start on this version: migrations, then the geography table loaded once.
            try (ApplicationContext app = ApplicationContext.run(Map.of("datasources.default.url", db.getJdbcUrl(),
                    "datasources.default.username", db.getUsername(), "datasources.default.password", db.getPassword()))) {
                assertFalse(app.getBean(GeoDatasetLoader.class).loadIfChanged(), "loaded at start, not twice");
            }
            try (Connection c = dataSource.getConnection()) {
                assertEquals(6201, single(c, "SELECT COUNT(DISTINCT postal_code) FROM geo_postal_code"));
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT * FROM mail_outbox WHERE status = 'PENDING' AND next_attempt_at <= NOW(6) "
                                + "ORDER BY next_attempt_at, id LIMIT 1 FOR UPDATE SKIP LOCKED")) {
                    ps.executeQuery().close();
                }
                c.rollback();
            }
        }
    }

    private static long single(Connection c, String sql) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
