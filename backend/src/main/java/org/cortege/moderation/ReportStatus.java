package org.cortege.moderation;

/** Where a report stands, as {@code report.status} stores it: waiting for an admin, or dealt with. */
public enum ReportStatus {
    OPEN, CLOSED
}
