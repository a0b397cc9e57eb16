package org.cortege.groups;

import org.cortege.people.VisitSource;

/**
 * A supporter joined a group during a visit that came through a share link or a campaign: published in
 * the join's transaction for the features that keep it (referrals). Not published for a join from nowhere.
 */
public record MemberJoined(Long groupId, Long personId, VisitSource source) {
}
