package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;

/**
 * An import as its page shows it: the file as read (header, first lines), the options, progress
 * ({@code processed} of {@code rows}) and the counts, the first lines refused with why; and after
 * a check, {@code summary}: what an import would do.
 */
@Serdeable
public record ImportView(String id, String fileName, ImportStatus status, int rows, @Nullable String charset, @Nullable String delimiter,
                         List<String> header, List<List<String>> sample, @Nullable ImportOptions options, int processed, int created,
                         int updated, int skipped, int refused, List<LineError> errors, @Nullable Summary summary,
                         @Nullable String createdBy, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt) {

    @Serdeable
    public record LineError(int line, String message, List<String> args) {
    }

    @Serdeable
    public record Summary(long valid, long create, long update, long skip, long refused, List<LineError> errors) {
    }
}
