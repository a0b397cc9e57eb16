package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.data.annotation.GeneratedValue;
import io.micronaut.data.annotation.Id;
import io.micronaut.data.annotation.MappedEntity;
import java.time.Instant;

/**
 * A CSV import, as {@code contact_import} stores it, without its file: the compressed file
 * ({@code file_gz}) and its pieces are read and written in bulk by {@link ImportStore} and
 * {@link ImportUploads}, and the running job's counters and lease by {@link ImportJob} (conditional
 * statements: a node that lost the lease changes nothing).
 */
@MappedEntity("contact_import")
record ContactImport(@Id @GeneratedValue @Nullable Long id, String publicId, String fileName, int fileSize, @Nullable String charset,
                     @Nullable String fieldSeparator, int rowCount, @Nullable String options, @Nullable String scope, ImportStatus status,
                     @Nullable Instant leaseUntil, int processedRows, int createdCount, int updatedCount, int skippedCount,
                     int errorCount, @Nullable String errors, @Nullable Long tagId, @Nullable Long createdBy, Instant createdAt,
                     @Nullable Instant startedAt, @Nullable Instant finishedAt, @Nullable String preview) {

    static ContactImport uploading(String publicId, String fileName, int fileSize, @Nullable String scope, long author, Instant now) {
        return new ContactImport(null, publicId, fileName, fileSize, null, null, 0, null, scope, ImportStatus.UPLOADING, null, 0, 0, 0, 0,
                0, null, null, author, now, null, null, null);
    }

    /** Started by staff with these options (JSON) and the tag to put on its people. */
    ContactImport queued(String newOptions, @Nullable Long newTagId) {
        return new ContactImport(id, publicId, fileName, fileSize, charset, fieldSeparator, rowCount, newOptions, scope, ImportStatus.QUEUED,
                leaseUntil, processedRows, createdCount, updatedCount, skippedCount, errorCount, errors, newTagId, createdBy, createdAt,
                startedAt, finishedAt, preview);
    }

    /** Done or failed: no node holds it any more. */
    ContactImport ended(ImportStatus end, Instant now) {
        return new ContactImport(id, publicId, fileName, fileSize, charset, fieldSeparator, rowCount, options, scope, end, null,
                processedRows, createdCount, updatedCount, skippedCount, errorCount, errors, tagId, createdBy, createdAt, startedAt, now,
                preview);
    }
}
