package org.cortege.activity;

import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The feature's background work, on every node: digests every ten minutes, the feed's retention every hour. */
@Singleton
class ActivityJobs {

    private static final Logger LOG = LoggerFactory.getLogger(ActivityJobs.class);

    private final Digests digests;
    private final ActivityService activity;

    ActivityJobs(Digests digests, ActivityService activity) {
        this.digests = digests;
        this.activity = activity;
    }

    @Scheduled(fixedDelay = "${cortege.activity.digest-poll-interval:10m}", initialDelay = "2m")
    void digests() {
        try {
            digests.prepare();
            digests.sendAllDue(Instant.now());
        } catch (RuntimeException e) {
            LOG.warn("digests: {}", e.toString()); // tried again at the next run; nothing was marked sent
        }
    }

    @Scheduled(fixedDelay = "1h", initialDelay = "7m")
    void retention() {
        try {
            while (activity.purge(Instant.now()) == 10_000) {
                Thread.onSpinWait();
            }
        } catch (RuntimeException e) {
            LOG.warn("activity retention: {}", e.toString());
        }
    }
}
