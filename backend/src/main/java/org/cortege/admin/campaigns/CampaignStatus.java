package org.cortege.admin.campaigns;

/**
 * Where a mailing stands, as {@code campaign.status} stores it: a draft, scheduled (now or at a set
 * time), being handed to the outbox, sent, or cancelled (by staff, or because its author lost the
 * rights it was written with).
 */
public enum CampaignStatus {
    DRAFT, SCHEDULED, SENDING, SENT, CANCELLED;

    /** Whether it is on its way: it can still be cancelled. */
    boolean running() {
        return this == SCHEDULED || this == SENDING;
    }
}
