package org.cortege.people;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * Where a sign-up, a group join or an answer to an action came from, as the page saw it during the visit: the first and the last personal share
 * link followed ({@code ?ref=}, a supporter's 8-character code) and the campaign tags of the link that
 * brought the visitor ({@code utm_source}, {@code utm_medium}, {@code utm_campaign}). The pages send only
 * well-formed values (a malformed code in a link is dropped there, a long tag cut): what fails these
 * checks comes from another client, and gets a 400. An unknown code is no error (an erased supporter's
 * link still circulates): nobody is credited.
 */
@Serdeable
public record VisitSource(
        @Nullable @Pattern(regexp = Inputs.REFERRAL_CODE, message = "validation.referralCode") String firstRef,
        @Nullable @Pattern(regexp = Inputs.REFERRAL_CODE, message = "validation.referralCode") String lastRef,
        @Nullable @Size(max = 100) @Pattern(regexp = Inputs.CAMPAIGN_TAG, message = "validation.campaignTag") String utmSource,
        @Nullable @Size(max = 100) @Pattern(regexp = Inputs.CAMPAIGN_TAG, message = "validation.campaignTag") String utmMedium,
        @Nullable @Size(max = 100) @Pattern(regexp = Inputs.CAMPAIGN_TAG, message = "validation.campaignTag") String utmCampaign) {

    /** Whether it says anything at all. */
    public boolean isEmpty() {
        return blank(firstRef) && blank(lastRef) && blank(utmSource) && blank(utmMedium) && blank(utmCampaign);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
