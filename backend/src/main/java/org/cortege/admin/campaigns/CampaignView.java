package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import org.cortege.admin.SegmentRule;

/**
 * A campaign as its page shows it. While it runs: {@code recipients} fixed at the start,
 * {@code waiting} not yet handed to the outbox, {@code queued} in the outbox, {@code sent},
 * {@code failed} (given up after retries), {@code skipped} (consent withdrawn meanwhile).
 */
@Serdeable
public record CampaignView(String id, String subject, String body, String locale, @Nullable String segment,
                           @Nullable String segmentName, @Nullable SegmentRule rule, CampaignStatus status, @Nullable Instant scheduledAt,
                           @Nullable Instant startedAt, @Nullable Instant finishedAt, long recipients, long waiting, long queued,
                           long sent, long failed, long skipped, @Nullable String createdBy, Instant createdAt, Instant updatedAt) {
}
