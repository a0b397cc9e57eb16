package org.cortege.admin.campaigns;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves mass mailings along on every node: starts the due ones, hands their mails to the outbox at
 * {@code cortege.campaigns.rate-per-minute}, and closes the finished ones. Nodes share the work
 * through SKIP LOCKED; stopping between two runs loses nothing.
 */
@Singleton
@Requires(notEnv = "cli")
class CampaignRunner {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignRunner.class);

    private final CampaignDelivery campaigns;
    private final CampaignsProperties properties;
    private volatile boolean stopping;

    CampaignRunner(CampaignDelivery campaigns, CampaignsProperties properties) {
        this.campaigns = campaigns;
        this.properties = properties;
    }

    @Scheduled(fixedDelay = "${cortege.campaigns.poll-interval:5s}", initialDelay = "2s")
    void run() {
        if (stopping) {
            return;
        }
        try {
            int started = campaigns.startDue();
            if (started > 0) {
                LOG.info("Campaign started: {} recipients", started);
            }
            if (!stopping) {
                campaigns.queueBatch(properties.batchSize());
            }
            campaigns.finishDone();
        } catch (RuntimeException e) {
            // Usually the database going away: the next run tries again, nothing half-done was committed.
            LOG.warn("Campaign run failed: {}", org.cortege.shared.UnexpectedExceptionHandler.SafeStackTrace.of(e));
        }
    }

    @PreDestroy
    void stop() {
        stopping = true;
    }
}
