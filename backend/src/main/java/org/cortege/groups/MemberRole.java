package org.cortege.groups;

/**
 * A member's place in a group, as {@code group_membership.role} stores it: the founder (one, who
 * hands over on leaving), managers (who run the group with the founder), members.
 */
public enum MemberRole {
    FOUNDER, MANAGER, MEMBER;

    /** Whether they run the group: its page, its actions, its members. */
    public boolean leads() {
        return this == FOUNDER || this == MANAGER;
    }
}
