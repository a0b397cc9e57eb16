package org.cortege.ops;

import io.micronaut.context.annotation.Context;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses to start a node older than its database: one that does not know migrations a newer
 * version applied (Flyway itself would start, ignoring "future" migrations). That is the rollback
 * mistake: the previous version started on the upgraded schema, writing rows the next upgrade does
 * not expect. The way back is the dump taken before the upgrade (docs/upgrade.md). Runs at start-up,
 * after the migrations (it needs the data source, whose creation migrates).
 */
@Context
@Requires(property = "flyway.datasources.default.enabled", notEquals = "false")
class SchemaGuard {

    private static final Logger LOG = LoggerFactory.getLogger(SchemaGuard.class);

    SchemaGuard(DataSource dataSource) {
        refuseIfOlderThan(Flyway.configure().dataSource(DelegatingDataSource.unwrapDataSource(dataSource))
                .locations("classpath:db/migration").load().info().all());
    }

    /** Throws, saying what to do, when the database holds migrations this version does not know. */
    static void refuseIfOlderThan(MigrationInfo[] all) {
        String unknown = Arrays.stream(all).filter(m -> m.getState() == MigrationState.FUTURE_SUCCESS
                        || m.getState() == MigrationState.FUTURE_FAILED)
                .map(m -> "V" + m.getVersion() + " (" + m.getDescription() + ")").collect(Collectors.joining(", "));
        if (!unknown.isEmpty()) {
            String latest = Arrays.stream(all).filter(m -> m.getState() != MigrationState.FUTURE_SUCCESS
                            && m.getState() != MigrationState.FUTURE_FAILED && m.getVersion() != null)
                    .map(m -> "V" + m.getVersion()).reduce((a, b) -> b).orElse("none");
            String message = "This Cortège knows the database up to " + latest + ", but a newer version already applied " + unknown
                    + ". Starting it would write data the newer schema does not expect. Start the newer version again, or, to go "
                    + "back, restore the dump taken just before the upgrade into an empty database first (docs/upgrade.md, "
                    + "\"Rolling back\").";
            LOG.error(message);
            throw new IllegalStateException(message);
        }
    }
}
