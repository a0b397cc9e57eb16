package org.cortege.admin.csv;

/**
 * An import ran to its end on this node: published for the features that follow imported people
 * (their first-contact notice goes out at once, before any mailing can reach them).
 */
public record ImportFinished(long importId) {
}
