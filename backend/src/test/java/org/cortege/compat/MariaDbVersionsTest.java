package org.cortege.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.cortege.geo.GeoDatasetLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mariadb.jdbc.MariaDbDataSource;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mariadb.MariaDBContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The migrations, the geography load and the locking queries the app relies on, on each MariaDB
 * line we support. Needs Docker; skipped cleanly where there is none. Where images built from
 * Debian's mirror are there ({@code cortege-local/mariadb:*}, made by .ci/images/build.sh because
 * Docker Hub is out of reach on this project's CI machines: Debian 12's 10.11 and Debian 13's
 * 11.8), it runs on them; elsewhere on the official images of each LTS line.
 */
@Testcontainers(disabledWithoutDocker = true)
class MariaDbVersionsTest {

    static List<String> images() {
        List<String> local = DockerClientFactory.instance().client().listImagesCmd().withReferenceFilter("cortege-local/mariadb").exec()
                .stream().flatMap(i -> i.getRepoTags() == null ? Stream.empty() : Arrays.stream(i.getRepoTags())).sorted().toList();
        return local.isEmpty() ? List.of("mariadb:10.6", "mariadb:10.11", "mariadb:11.4") : local;
    }

    @ParameterizedTest
    @MethodSource("images")
    void migrationsGeographyAndSkipLockedWork(String image) throws Exception {
        assertTrue(DockerClientFactory.instance().isDockerAvailable());
        try (MariaDBContainer db = new MariaDBContainer(DockerImageName.parse(image).asCompatibleSubstituteFor("mariadb"))) {
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
                String version = image.substring(image.indexOf(':') + 1);
                assertTrue(c.getMetaData().getDatabaseProductVersion().startsWith(version), "the server of " + image + ": "
                        + c.getMetaData().getDatabaseProductVersion());
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
