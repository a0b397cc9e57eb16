package org.cortege.groups;

/** Published in the transaction that hides or restores groups, so that their actions follow. */
public record GroupStatusChanged(java.util.List<Long> groupIds) {
}
