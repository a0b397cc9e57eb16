package org.cortege.privacy;

import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.util.List;
import java.util.Optional;
import org.cortege.shared.Sql;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Confirmed supporters left without a sign-up consent by the defect migration V19 fixed: migration
 * V20 counted them once (a row of {@code job_run}), and the first node to start afterwards writes
 * the count to its log for the DPO (a number, no names). See docs/security.md.
 */
@Singleton
public class ConsentAudit {

    private static final Logger LOG = LoggerFactory.getLogger(ConsentAudit.class);
    private static final String JOB = "consent-audit-v19";

    private final Sql sql;

    ConsentAudit(Sql sql) {
        this.sql = sql;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        // Two nodes starting together on two Galera writers: the loser's commit fails (1213); tried again, it finds the job done.
        org.cortege.shared.Retry.onDeadlock(this::reportOnce).filter(n -> n > 0).ifPresent(n ->
                LOG.warn("{} confirmed supporters hold no record of their sign-up consent (imported contacts who signed up before "
                        + "migration V19): see docs/security.md, \"Consent of imported contacts\"", n));
    }

    /** The count V20 took, the first time it is asked across all nodes; empty afterwards. */
    @Transactional
    public Optional<Long> reportOnce() {
        if (sql.update("UPDATE job_run SET finished_at = UTC_TIMESTAMP(6) WHERE name = ? AND finished_at IS NULL", List.of(JOB)) == 0) {
            return Optional.empty();
        }
        return Optional.of(sql.number("SELECT CAST(report AS UNSIGNED) FROM job_run WHERE name = ?", List.of(JOB)));
    }
}
