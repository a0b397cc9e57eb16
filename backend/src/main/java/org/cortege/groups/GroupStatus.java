package org.cortege.groups;

/** Whether a group shows, as {@code support_group.status} stores it: published at once, or hidden by moderation. */
public enum GroupStatus {
    PUBLISHED, HIDDEN
}
