package org.cortege.moderation;

/**
 * A group, one of its actions or one of its messages was reported, or a moderator hid the group or one of its
 * actions: published in that transaction for the features that tell the group's managers (activity). Who reported
 * is never part of it.
 *
 * @param what       REPORTED or HIDDEN
 * @param targetType "group", "event" or "message"
 * @param subject    what it is about, as its managers know it (the group's name, the action's title, the message's subject)
 * @param link       the page it is about, inside the site
 */
public record Moderated(What what, String targetType, Long groupId, String subject, String link) {

    public enum What { REPORTED, HIDDEN }
}
