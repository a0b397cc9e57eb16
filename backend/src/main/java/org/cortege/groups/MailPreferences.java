package org.cortege.groups;

/**
 * Whether a member wants a kind of the group's mail now (the feature that keeps people's notification choices
 * implements it; without it, everyone does). A member who does not is told another way (their feed, a digest).
 */
public interface MailPreferences {

    /** The kind of a manager's message to the members. */
    String GROUP_MESSAGE = "group-message";

    /** Those among these members who want this kind of the group's mail now (two queries, however many members). */
    java.util.Set<Long> mailNowAmong(java.util.Collection<Long> personIds, Long groupId, String kind);

    /** The page where the person turns this kind of mail off in one click (signed, no sign-in). */
    String stopPage(String personPublicId, String kind);
}
