package org.cortege.maintenance;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.cortege.privacy.InactiveContacts;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the server runs the retention work: the purges every hour on every node (idempotent), the
 * inactive contacts once a day on one node. The command line ({@code cortege.jar purge}) runs the
 * same work on demand and schedules nothing.
 */
@Singleton
@Requires(notEnv = "cli")
class MaintenanceSchedule {

    private static final Logger LOG = LoggerFactory.getLogger(MaintenanceSchedule.class);

    private final DataRetentionJob retention;
    private final InactiveContacts inactive;

    MaintenanceSchedule(DataRetentionJob retention, InactiveContacts inactive) {
        this.retention = retention;
        this.inactive = inactive;
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "5m")
    void hourly() {
        try {
            retention.run();
        } catch (RuntimeException e) {
            LOG.warn("Retention pass failed, next try in an hour: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${cortege.retention.inactive-poll-interval:1h}", initialDelay = "10m")
    void daily() {
        try {
            inactive.runIfDue();
        } catch (RuntimeException e) {
            LOG.warn("Inactive contacts pass failed, next try in an hour: {}", e.toString());
        }
    }
}
