package org.cortege.admin.csv;

import io.micronaut.context.annotation.Requires;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs queued imports in the background on whichever node gets to them first (the request that started one returns at once). */
@Singleton
@Requires(notEnv = "cli")
class ImportRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ImportRunner.class);

    private final ImportJob imports;

    ImportRunner(ImportJob imports) {
        this.imports = imports;
    }

    @Scheduled(fixedDelay = "${cortege.imports.poll-interval:3s}", initialDelay = "3s")
    void run() {
        try {
            while (imports.runNext()) {
                // next one
            }
        } catch (RuntimeException e) {
            LOG.warn("Import failed: {}", org.cortege.shared.UnexpectedExceptionHandler.SafeStackTrace.of(e));
        }
    }
}
