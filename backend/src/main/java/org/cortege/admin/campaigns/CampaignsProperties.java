package org.cortege.admin.campaigns;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;

/** {@code cortege.campaigns}: how fast mass mailings go out. */
@Singleton
class CampaignsProperties {

    /** Mails a node hands to the outbox per minute, all campaigns together. */
    final int ratePerMinute;
    final Duration pollInterval;

    CampaignsProperties(@Property(name = "cortege.campaigns.rate-per-minute") int ratePerMinute,
                        @Property(name = "cortege.campaigns.poll-interval") Duration pollInterval) {
        this.ratePerMinute = Math.max(1, ratePerMinute);
        this.pollInterval = pollInterval;
    }

    /** How many mails one run of the runner queues: the rate spread over the runs of a minute, at least one. */
    int batchSize() {
        double runsPerMinute = 60_000.0 / Math.max(1, pollInterval.toMillis());
        return (int) Math.max(1, Math.round(ratePerMinute / runsPerMinute));
    }
}
