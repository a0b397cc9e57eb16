package org.cortege.admin.csv;

/**
 * Where an import stands, as {@code contact_import.status} stores it: pieces arriving, the file
 * read and waiting for its mapping, queued, running on a node, done, or failed (a node's error, or
 * its author lost the rights it was started with).
 */
public enum ImportStatus {
    UPLOADING, UPLOADED, QUEUED, RUNNING, DONE, FAILED
}
