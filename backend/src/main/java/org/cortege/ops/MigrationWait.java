package org.cortege.ops;

import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.data.connection.jdbc.advice.DelegatingDataSource;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.Arrays;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.flywaydb.core.api.MigrationState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An app node that does not apply migrations (CORTEGE_APPLY_MIGRATIONS=false) waits, before anything uses
 * the database, until the node that does has applied every migration this version knows; then it checks,
 * as {@link SchemaGuard} does, that the database is not newer than itself. On a Galera cluster only one
 * node may migrate: Flyway's lock (GET_LOCK) is not shared between Galera nodes, so two apps starting at
 * once on two writers both ran the same migration and left it failed, and no app would start again (found
 * by GaleraComposeTest). It gives up, saying why, after {@code cortege.migrations.wait-limit}, or at once
 * when a migration failed.
 */
@Singleton
@Requires(property = "flyway.datasources.default.enabled", value = "false")
class MigrationWait implements BeanCreatedEventListener<DataSource> {

    private static final Logger LOG = LoggerFactory.getLogger(MigrationWait.class);

    private final Duration limit;

    MigrationWait(@Value("${cortege.migrations.wait-limit:10m}") Duration limit) {
        this.limit = limit;
    }

    @Override
    public DataSource onCreated(BeanCreatedEvent<DataSource> event) {
        DataSource dataSource = event.getBean();
        Flyway flyway = Flyway.configure().dataSource(DelegatingDataSource.unwrapDataSource(dataSource))
                .locations("classpath:db/migration").load();
        long deadline = System.nanoTime() + limit.toNanos();
        String waitingFor = "";
        while (true) {
            String problem;
            try {
                MigrationInfo[] all = flyway.info().all();
                String failed = list(all, MigrationState.FAILED, MigrationState.FUTURE_FAILED);
                if (!failed.isEmpty()) {
                    throw new IllegalStateException("A migration failed on the node that applies them: " + failed + ". Find why in that node's "
                            + "log and repair the database before starting the app nodes again (docs/upgrade.md).");
                }
                String pending = list(all, MigrationState.PENDING, MigrationState.OUTDATED);
                if (pending.isEmpty()) {
                    SchemaGuard.refuseIfOlderThan(all);
                    // what the migrating node's Flyway checks at its start (checksums, nothing missing or ignored),
                    // "future" migrations aside (refused just above): a schema it would refuse, this node refuses too
                    var validation = flyway.validateWithResult();
                    if (!validation.validationSuccessful) {
                        throw new IllegalStateException("The database's migrations do not match this version's: " + validation.getAllErrorMessages()
                                + ". The node that applies migrations refuses to start on it as well: repair the database first (docs/upgrade.md).");
                    }
                    if (!waitingFor.isEmpty()) {
                        LOG.info("The database is migrated: starting");
                    }
                    return dataSource;
                }
                problem = "migrations not applied yet: " + pending;
            } catch (org.flywaydb.core.api.FlywayException unreachable) {
                problem = "the database does not answer (" + unreachable.getMessage() + ")";
            }
            if (!problem.equals(waitingFor)) {
                LOG.info("This node does not apply migrations (CORTEGE_APPLY_MIGRATIONS=false): waiting for the node that does, {}", problem);
                waitingFor = problem;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Waited " + limit.toMinutes() + " min for the node that applies migrations (" + problem
                        + "). Start the version that applies them on one node (CORTEGE_APPLY_MIGRATIONS=true) first, then this one.");
            }
            try {
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the migrations", e);
            }
        }
    }

    private static String list(MigrationInfo[] all, MigrationState... states) {
        return Arrays.stream(all).filter(m -> Arrays.asList(states).contains(m.getState()))
                .map(m -> "V" + m.getVersion() + " (" + m.getDescription() + ")").collect(Collectors.joining(", "));
    }
}
