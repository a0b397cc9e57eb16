package org.cortege.admin.campaigns;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A mass mailing, as {@code campaign} stores it: its content, its audience (a saved segment while a
 * draft, the rule frozen when sent), the territory of its author when written, and where it stands.
 * The changes below are the only ones a campaign goes through.
 */
@MappedEntity("campaign")
record Campaign(@Id @GeneratedValue @Nullable Long id, String publicId, String subject, String bodyMd, String locale,
                @Nullable Long segmentId, @Nullable String rule, @Nullable String scope, CampaignStatus status,
                @Nullable Instant scheduledAt, @Nullable Instant startedAt, @Nullable Instant finishedAt, int recipientCount,
                int sentCount, int failedCount, @Nullable Long createdBy, Instant createdAt, Instant updatedAt) {

    static Campaign draft(String publicId, String subject, String bodyMd, String locale, @Nullable Long segmentId, @Nullable String rule,
                          @Nullable String scope, long author, Instant now) {
        return new Campaign(null, publicId, subject, bodyMd, locale, segmentId, rule, scope, CampaignStatus.DRAFT, null, null, null, 0, 0,
                0, author, now, now);
    }

    Campaign rewritten(String newSubject, String newBody, String newLocale, @Nullable Long newSegmentId, @Nullable String newRule,
                       Instant now) {
        return new Campaign(id, publicId, newSubject, newBody, newLocale, newSegmentId, newRule, scope, status, scheduledAt, startedAt,
                finishedAt, recipientCount, sentCount, failedCount, createdBy, createdAt, now);
    }

    /** Sent (now or at {@code at}) to the rule {@code frozen} copied from its audience. */
    Campaign scheduled(Instant at, String frozen, Instant now) {
        return new Campaign(id, publicId, subject, bodyMd, locale, segmentId, frozen, scope, CampaignStatus.SCHEDULED, at, startedAt,
                finishedAt, recipientCount, sentCount, failedCount, createdBy, createdAt, now);
    }

    Campaign started(int recipients, Instant now) {
        return new Campaign(id, publicId, subject, bodyMd, locale, segmentId, rule, scope, CampaignStatus.SENDING, scheduledAt, now,
                finishedAt, recipients, sentCount, failedCount, createdBy, createdAt, updatedAt);
    }

    Campaign sent(int sent, int failed, Instant now) {
        return new Campaign(id, publicId, subject, bodyMd, locale, segmentId, rule, scope, CampaignStatus.SENT, scheduledAt, startedAt,
                now, recipientCount, sent, failed, createdBy, createdAt, updatedAt);
    }

    Campaign cancelled(Instant now) {
        return new Campaign(id, publicId, subject, bodyMd, locale, segmentId, rule, scope, CampaignStatus.CANCELLED, scheduledAt,
                startedAt, now, recipientCount, sentCount, failedCount, createdBy, createdAt, now);
    }
}
