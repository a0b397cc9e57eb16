package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import org.cortege.people.VisitSource;

/**
 * Someone answered "je viens" to a date, published in that transaction for the features that keep where
 * answers came from (referrals): a supporter's answer holds at once ({@code confirmed}); a visitor's is
 * published once with its source when given, and once more, without a source, when their mailed link
 * confirms it.
 *
 * @param rsvpId   the answer's row
 * @param personId the supporter who answered, null for a visitor
 * @param source   the share link or campaign the visit came through, null when none (or at a confirmation)
 */
public record AnswerGiven(Long rsvpId, @Nullable Long personId, @Nullable VisitSource source, boolean confirmed) {
}
