package org.cortege.groups;

import java.util.List;

/**
 * A manager wrote to their group's members: published in the message's transaction, after the mails of those who
 * want it at once were queued, for the features that show it in each member's feed (activity).
 *
 * @param recipients the confirmed members it was written to (the author included when a member)
 */
public record GroupMessagePosted(Long groupId, String groupName, String groupSlug, Long authorId, String subject, List<Long> recipients) {
}
