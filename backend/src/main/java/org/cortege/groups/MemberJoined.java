package org.cortege.groups;

import org.cortege.people.VisitSource;

/**
 * A supporter joined a group: published in the join's transaction for the features that keep where joins came
 * from (referrals, when {@code source} says a share link or a campaign) and those that tell the managers (activity).
 */
public record MemberJoined(Long groupId, Long personId, @io.micronaut.core.annotation.Nullable VisitSource source) {
}
