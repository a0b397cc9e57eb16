package org.cortege.privacy;

import io.micronaut.context.annotation.Property;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.cortege.admin.csv.ImportService;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;

/**
 * Storage limitation for people who came in a file rather than through the site (CNIL, political
 * communication files): a prospect who never answered (imported by a file declaring their consent,
 * never signed in nor came to an action since, neither a member nor a regular contact) is erased
 * {@code cortege.retention.imported-prospects} after being told of the file (six months by
 * default; 0 turns it off), and the
 * people of an import that declared a purge date (a file collected for one vote) are erased on
 * that date, unless they signed up themselves meanwhile. Regular contacts follow the three years
 * without exchange of {@link InactiveContacts}. Run by the hourly retention pass on every node: a
 * person another node erased first is skipped.
 */
@Singleton
public class ImportedContactsRetention {

    /** What one pass erased. */
    public record Report(int prospects, int importEnds) {
    }

    private final ImportService imports;
    private final PersonService people;
    private final PersonalDataService data;
    private final InstanceSettings settings;
    private final Duration prospects;
    private final int batch;

    private final boolean noticesOn;

    ImportedContactsRetention(ImportService imports, PersonService people, PersonalDataService data, InstanceSettings settings,
                              @Property(name = "cortege.retention.imported-prospects") Duration prospects,
                              @Property(name = "cortege.retention.inactive-batch") int batch,
                              @Property(name = "cortege.imports.first-contact-notice") boolean noticesOn) {
        this.noticesOn = noticesOn;
        this.imports = imports;
        this.people = people;
        this.data = data;
        this.settings = settings;
        this.prospects = prospects;
        this.batch = batch;
    }

    public Report run() {
        int unanswered = prospects.isZero() ? 0
                : erase(imports.unansweredProspects(Instant.now().minus(prospects), noticesOn, batch), PersonalDataService.ImportedRetention.PROSPECT);
        int ended = erase(imports.purgeDue(LocalDate.now(settings.timeZone()), batch), PersonalDataService.ImportedRetention.IMPORT_END);
        return new Report(unanswered, ended);
    }

    private int erase(List<Long> ids, PersonalDataService.ImportedRetention reason) {
        int erased = 0;
        for (Long id : ids) {
            var person = people.findAny(id).orElse(null);
            if (person == null) {
                continue;
            }
            try {
                if (data.eraseImported(person, reason)) {
                    erased++;
                }
            } catch (ApiException gone) {
                // erased by another node's pass meanwhile
            }
        }
        return erased;
    }
}
