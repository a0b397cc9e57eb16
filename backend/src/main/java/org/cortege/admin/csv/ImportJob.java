package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVRecord;
import org.cortege.admin.Staff;
import org.cortege.admin.csv.ImportStore.Row;
import org.cortege.moderation.AuditLog;
import org.cortege.people.PeopleImport;
import org.cortege.people.PersonService;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;

/**
 * The background part of an import: whichever node takes a queued import (or one whose node
 * stopped: its lease ran out) runs it to the end, 500 lines per transaction, the count of lines
 * done committed with them, so a node that stops mid-file leaves the rest to another one and no line
 * is imported twice. The author's rights are read again for every chunk: an import stops when they
 * lose the territory it was started with.
 */
@Singleton
public class ImportJob {

    static final int CHUNK_ROWS = 500;
    static final int KEPT_ERRORS = 200;
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Batches in a row that the database refused as "try again" before an import is given up as failed. */
    static final int TRANSIENT_FAILURES = 5;

    /** The lease this node last wrote per import: it gives up only its own, never one another node took over since. */
    private final Map<Long, Instant> leases = new java.util.concurrent.ConcurrentHashMap<>();
    /** Batches in a row of each import that failed with the database away or a transaction to retry, on this node. */
    private final Map<Long, Integer> transientFailures = new java.util.concurrent.ConcurrentHashMap<>();

    private final Sql sql;
    private final ImportRepository imports;
    private final ImportStore store;
    private final ImportRows rows;
    private final AuditLog audit;
    private final InstanceSettings settings;
    private final Messages messages;
    private final PersonService people;
    private final org.cortege.admin.StaffService staffService;
    private final PeopleImport peopleImport;
    private final ImportOppositions oppositions;
    private final io.micronaut.context.event.ApplicationEventPublisher<ImportFinished> finished;

    ImportJob(Sql sql, ImportRepository imports, ImportStore store, ImportRows rows, AuditLog audit, InstanceSettings settings, Messages messages, PersonService people, org.cortege.admin.StaffService staffService, PeopleImport peopleImport, ImportOppositions oppositions,
              io.micronaut.context.event.ApplicationEventPublisher<ImportFinished> finished) {
        this.finished = finished;
        this.oppositions = oppositions;
        this.sql = sql;
        this.imports = imports;
        this.store = store;
        this.rows = rows;
        this.audit = audit;
        this.settings = settings;
        this.messages = messages;
        this.people = people;
        this.staffService = staffService;
        this.peopleImport = peopleImport;
    }

    /**
     * Takes one queued import (or one whose node stopped: its lease ran out) and runs it to the end,
     * 500 lines per transaction. Returns whether there was one.
     */
    public boolean runNext() {
        List<Long> candidates = sql.list("SELECT id FROM contact_import WHERE status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < ?) "
                + "ORDER BY id LIMIT 1", List.of(Instant.now()), rs -> rs.getLong(1));
        if (candidates.isEmpty()) {
            return false;
        }
        long id = candidates.get(0);
        Instant now = Instant.now();
        Instant lease = leaseFrom(now);
        int claimed = sql.update("UPDATE contact_import SET status = 'RUNNING', lease_until = ?, started_at = COALESCE(started_at, ?) "
                + "WHERE id = ? AND (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < ?))", List.of(lease, now, id, now));
        if (claimed == 0) {
            return true; // another node took it
        }
        leases.put(id, lease);
        Row row = store.byId(id);
        try {
            run(row);
            forget(id);
        } catch (LostLease e) {
            forget(id);
            return true;
        } catch (LostRights e) {
            forget(id);
            imports.update(imports.findById(id).orElseThrow().ended(ImportStatus.FAILED, Instant.now()));
            audit.record(null, "import.stopped", "import", row.publicId(), "the author no longer holds the rights it was started with");
            return true;
        } catch (RuntimeException e) {
            int failures = org.cortege.shared.UnexpectedExceptionHandler.databaseUnreachable(e) ? transientFailures.merge(id, 1, Integer::sum) : 0;
            if (failures > 0 && failures < TRANSIENT_FAILURES) {
                // The database went away (a failover) or the batch lost certification: the batch was rolled back and
                // the import's committed progress stands. It stays RUNNING, and this node gives up its lease (only if
                // still its own) so that the next run, on any node, goes on from there in a few seconds rather than
                // two minutes; a little later each time it fails again.
                try {
                    Instant held = leases.get(id);
                    if (held != null) {
                        sql.update("UPDATE contact_import SET lease_until = ? WHERE id = ? AND status = 'RUNNING' AND lease_until = ?",
                                List.of(leaseFrom(Instant.now()).minus(LEASE).plusSeconds(5L * failures), id, held));
                    }
                } catch (RuntimeException stillDown) {
                    // then the lease runs out by itself
                }
                throw e;
            }
            forget(id);
            imports.update(imports.findById(id).orElseThrow().ended(ImportStatus.FAILED, Instant.now()));
            throw e;
        }
        return true;
    }

    /** The author lost the rights the import was started with: it stops where it is. */
    private static final class LostRights extends RuntimeException {
        LostRights() {
            super("the import's author no longer holds the rights it was started with", null, false, false);
        }
    }

    private void forget(long id) {
        leases.remove(id);
        transientFailures.remove(id);
    }

    /** A lease from {@code now}, at the column's precision (DATETIME(6)), so that it can be compared exactly later. */
    private static Instant leaseFrom(Instant now) {
        return now.plus(LEASE).truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    }

    private static final class LostLease extends RuntimeException {
        LostLease() {
            super("another node took the import over", null, false, false);
        }
    }

    private void run(Row row) {
        ImportOptions options = store.options(row.options());
        Map<String, Integer> columns = store.columns(row, options);
        Long tagId = imports.findById(row.id()).orElseThrow().tagId();
        int[] done = {row.processedRows()};
        List<CSVRecord> chunk = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        store.forEachRecord(row, row.processedRows(), (record, line) -> {
            chunk.add(record);
            lines.add(line);
            if (chunk.size() == CHUNK_ROWS) {
                done[0] = importChunk(row, options, columns, authorNow(row), tagId, chunk, lines, done[0]);
                chunk.clear();
                lines.clear();
            }
            return true;
        });
        if (!chunk.isEmpty()) {
            done[0] = importChunk(row, options, columns, authorNow(row), tagId, chunk, lines, done[0]);
        }
        imports.update(imports.findById(row.id()).orElseThrow().ended(ImportStatus.DONE, Instant.now()));
        Row after = store.byId(row.id());
        audit.record(row.createdBy() == null ? null : people.findAny(row.createdBy()).orElse(null), "import.done", "import",
                row.publicId(), after.createdCount() + " created, " + after.updatedCount() + " updated, " + after.skippedCount()
                        + " skipped, " + after.errorCount() + " refused");
        finished.publishEvent(new ImportFinished(row.id()));
    }

    /** One transaction: the lines' people, their tags and interests, and the count of lines done. */
    @Transactional
    int importChunk(Row row, ImportOptions options, Map<String, Integer> columns, Staff staff, @Nullable Long tagId,
                    List<CSVRecord> records, List<Integer> lines, int doneBefore) {
        Instant now = Instant.now();
        List<ImportRows.Draft> drafts = new ArrayList<>();
        List<ImportRows.Problem> problems = new ArrayList<>();
        Set<String> emails = new HashSet<>();
        for (int i = 0; i < records.size(); i++) {
            ImportRows.Result r = rows.read(records.get(i), columns, lines.get(i), staff);
            if (r.problem() != null) {
                problems.add(r.problem());
            } else if (!emails.add(r.draft().email()) || alreadyInThisImport(row.id(), r.draft().email())) {
                problems.add(new ImportRows.Problem(r.draft().line(), "import.error.duplicateInFile", List.of(r.draft().email())));
            } else {
                drafts.add(r.draft());
            }
        }
        // who the file names and people already knows: whether banned, and whether within the author's reach
        Map<String, PeopleImport.Known> existing = drafts.isEmpty() ? Map.of()
                : peopleImport.known(drafts.stream().map(ImportRows.Draft::email).toList());
        String source = ("import:" + row.fileName());
        source = source.length() > 40 ? source.substring(0, 40) : source;
        List<ImportRows.Draft> created = new ArrayList<>();
        List<ImportRows.Draft> updated = new ArrayList<>();
        Map<Long, PeopleImport.Line> updates = new java.util.LinkedHashMap<>();
        int skipped = 0;
        // addresses whose owner objected to being in the file never come back (an organizer is not told why: no oracle)
        Set<String> objected = oppositions.among(drafts.stream().map(ImportRows.Draft::email).toList());
        for (ImportRows.Draft d : drafts) {
            PeopleImport.Known known = existing.get(d.email());
            if (objected.contains(d.email())) {
                problems.add(new ImportRows.Problem(d.line(), staff.admin() ? "import.error.objected" : "import.error.notImportable",
                        List.of()));
            } else if (known != null && !staff.reaches(known.departement())) {
                // Someone the organizer may not reach: neither moved, tagged nor counted, and the
                // reason says nothing of where (or whether) the address is known.
                problems.add(new ImportRows.Problem(d.line(), "import.error.notImportable", List.of()));
            } else if (known == null) {
                created.add(d);
            } else if (known.banned() || "skip".equals(options.duplicates())) {
                skipped++;
            } else {
                updates.put(known.id(), line(d));
                updated.add(d);
            }
        }
        String wording = messages.get(Locale.FRENCH, "import.consentWording", row.fileName());
        Map<String, Long> ids = peopleImport.importBatch(created.stream().map(ImportJob::line).toList(), updates, source,
                settings.consentVersion(), wording,
                // a file kept only until its purge date does not make its people lasting regular contacts
                "regular-contact".equals(options.legalBasis()) && options.purgeOn() == null ? org.cortege.people.Relation.REGULAR_CONTACT : null,
                now);
        List<List<Object>> links = new ArrayList<>();
        List<List<Object>> tags = new ArrayList<>();
        Map<String, Long> tagIds = new HashMap<>();
        for (ImportRows.Draft d : created) {
            links.add(List.of(row.id(), ids.get(d.email()), "CREATED"));
        }
        for (ImportRows.Draft d : updated) {
            links.add(List.of(row.id(), ids.get(d.email()), "UPDATED"));
        }
        List<ImportRows.Draft> touched = new ArrayList<>(created);
        touched.addAll(updated);
        for (ImportRows.Draft d : touched) {
            Long id = ids.get(d.email());
            if (tagId != null) {
                tags.add(List.of(id, tagId, now));
            }
            for (String name : d.tags()) {
                Long t = tagIds.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> store.tagId(name, row.createdBy()));
                tags.add(List.of(id, t, now));
            }
        }
        sql.batch("INSERT IGNORE INTO person_tag (person_id, tag_id, tagged_at) VALUES (?, ?, ?)", tags);
        sql.batch("INSERT IGNORE INTO contact_import_person (import_id, person_id, action) VALUES (?, ?, ?)", links);

        int done = doneBefore + records.size();
        String errors = mergeErrors(row.id(), problems);
        Instant lease = leaseFrom(now);
        int owned = sql.update("UPDATE contact_import SET processed_rows = ?, created_count = created_count + ?, updated_count = "
                        + "updated_count + ?, skipped_count = skipped_count + ?, error_count = error_count + ?, errors = ?, lease_until = ? "
                        + "WHERE id = ? AND processed_rows = ? AND status = 'RUNNING'",
                Arrays.asList(done, created.size(), updated.size(), skipped, problems.size(), errors, lease, row.id(),
                        doneBefore));
        if (owned == 0) {
            throw new LostLease(); // rolls this chunk back: the node that took over does it
        }
        // (if this transaction still fails to commit, the lease kept here is not the stored one: nothing is given up)
        leases.put(row.id(), lease);
        transientFailures.remove(row.id());
        return done;
    }

    private boolean alreadyInThisImport(long importId, String email) {
        return sql.number("SELECT COUNT(*) FROM contact_import_person ip JOIN person p ON p.id = ip.person_id "
                + "WHERE ip.import_id = ? AND p.email = ?", List.of(importId, email)) > 0;
    }

    private static PeopleImport.Line line(ImportRows.Draft d) {
        return new PeopleImport.Line(d.email(), d.firstName(), d.lastName(), d.phone(), d.birthDate(), d.place(), d.interests(),
                d.emailConsent());
    }

    private String mergeErrors(long importId, List<ImportRows.Problem> problems) {
        List<ImportRows.Problem> kept = new ArrayList<>();
        String stored = imports.findById(importId).orElseThrow().errors();
        if (stored != null) {
            kept.addAll(store.readProblems(stored));
        }
        for (ImportRows.Problem p : problems) {
            if (kept.size() >= KEPT_ERRORS) {
                break;
            }
            kept.add(p);
        }
        return kept.isEmpty() ? null : store.write(kept);
    }

    /** The territory the import was started for, narrowed to what its author holds now (read again for every chunk). */
    private Staff authorNow(Row row) {
        return staffService.forStoredWork(row.createdBy(), row.scope()).orElseThrow(LostRights::new);
    }

}
