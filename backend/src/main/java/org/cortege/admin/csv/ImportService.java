package org.cortege.admin.csv;

import io.micronaut.http.HttpStatus;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.cortege.admin.Staff;
import org.cortege.admin.csv.ImportStore.Row;
import org.cortege.moderation.AuditLog;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;

/**
 * CSV imports into the contact database, as staff see them: the check of a file against a column
 * mapping (how many would be created, updated, skipped, refused and why, without importing
 * anything), the start, the list and one import; and, for the other features, what imports hold of
 * a person ({@link #importsOf}, {@link #forget}) and the purge of old files. The file comes in
 * through {@link ImportUploads}; {@link ImportJob} runs the import in the background.
 */
@Singleton
public class ImportService {

    private final Sql sql;
    private final ImportRepository imports;
    private final ImportStore store;
    private final ImportRows rows;
    private final AuditLog audit;

    private final ImportOppositions oppositions;
    private final org.cortege.shared.InstanceSettings settings;

    ImportService(Sql sql, ImportRepository imports, ImportStore store, ImportRows rows, AuditLog audit, ImportOppositions oppositions,
                  org.cortege.shared.InstanceSettings settings) {
        this.oppositions = oppositions;
        this.settings = settings;
        this.sql = sql;
        this.imports = imports;
        this.store = store;
        this.rows = rows;
        this.audit = audit;
    }

    /**
     * A person is erased: the uploaded files of finished imports that held them go (the rows they
     * imported stay as counts), and their address is blotted out of the imports' error reports.
     */
    @io.micronaut.transaction.annotation.Transactional
    public void forget(Long personId, String email) {
        sql.update("UPDATE contact_import i JOIN contact_import_person ip ON ip.import_id = i.id SET i.file_gz = NULL "
                + "WHERE ip.person_id = ? AND i.status IN ('DONE', 'FAILED')", List.of(personId));
        sql.update("UPDATE contact_import SET errors = REPLACE(errors, ?, '…') WHERE errors LIKE CONCAT('%', ?, '%')",
                List.of(email, email));
    }

    /**
     * Reads every line with the given mapping without importing anything: how many would be
     * created, updated, skipped, and the first lines refused with why.
     */
    @Transactional(readOnly = true)
    public ImportView check(Staff staff, String publicId, ImportOptions options, Locale locale) {
        Row row = store.find(staff, publicId);
        if (row.status() == ImportStatus.UPLOADING) {
            throw ApiException.of(HttpStatus.CONFLICT, "import-state", "problem.importState");
        }
        Map<String, Integer> columns = store.columns(row, options);
        Check check = new Check();
        Set<String> seen = new HashSet<>();
        Map<String, Integer> batch = new java.util.LinkedHashMap<>();
        store.forEachRecord(row, 0, (record, line) -> {
            ImportRows.Result r = rows.read(record, columns, line, staff);
            if (r.problem() != null) {
                check.problem(r.problem());
            } else if (!seen.add(r.draft().email())) {
                check.problem(new ImportRows.Problem(line, "import.error.duplicateInFile", List.of(r.draft().email())));
            } else {
                batch.put(r.draft().email(), line);
                if (batch.size() == 1000) {
                    checkBatch(staff, batch, check);
                    batch.clear();
                }
            }
            return true;
        });
        checkBatch(staff, batch, check);
        return store.view(row, locale, check.summary(options));
    }

    /**
     * The dry run of up to 1 000 lines (address → line): for an admin, objections refused as the
     * import would; an organizer's dry run says nothing of them (no oracle of who was in the file).
     */
    private void checkBatch(Staff staff, Map<String, Integer> batch, Check check) {
        Set<String> objected = staff.admin() ? oppositions.among(batch.keySet()) : Set.of();
        List<String> importable = new ArrayList<>();
        batch.forEach((email, line) -> {
            if (objected.contains(email)) {
                check.problem(new ImportRows.Problem(line, "import.error.objected", List.of()));
            } else {
                importable.add(email);
            }
        });
        check.valid += importable.size();
        check.known += known(staff, importable);
    }

    /**
     * Queues the import with these options; a node takes it within seconds.
     *
     * @throws ApiException 409 when already started (a second click changes nothing), 400 without an email column
     */
    @Transactional
    public ImportView start(Staff staff, String publicId, ImportOptions options, Locale locale) {
        Row row = store.find(staff, publicId);
        java.util.Map<String, String> undeclared = new java.util.LinkedHashMap<>(options.declarationErrors());
        java.time.LocalDate today = java.time.LocalDate.now(settings.timeZone());
        if (options.purgeOn() != null && (!options.purgeOn().isAfter(today) || options.purgeOn().isAfter(today.plusYears(5)))) {
            undeclared.put("purgeOn", "validation.importPurgeOn");
        }
        if (!undeclared.isEmpty()) {
            throw ApiException.invalidFields(undeclared);
        }
        imports.findByIdForUpdate(row.id());
        row = store.find(staff, publicId);
        ImportStore.requireStatus(row, ImportStatus.UPLOADED);
        store.columns(row, options);
        Long tagId = null;
        if (options.tag() != null && !options.tag().isBlank()) {
            tagId = store.tagId(options.tag().strip(), staff.person().id());
        }
        imports.update(imports.findById(row.id()).orElseThrow().queued(store.write(options), tagId));
        audit.record(staff.person(), "import.start", "import", publicId, row.fileName() + " (" + row.rowCount() + " lines; origin "
                + options.origin() + "; basis " + options.legalBasis() + "; attested)");
        return store.view(store.find(staff, publicId), locale, null);
    }

    @Transactional(readOnly = true)
    public ImportView get(Staff staff, String publicId, Locale locale) {
        return store.view(store.find(staff, publicId), locale, null);
    }

    /** The latest imports: all of them for an admin, their own for an organizer. */
    @Transactional(readOnly = true)
    public List<ImportView> list(Staff staff, Locale locale) {
        List<Row> found = staff.admin() ? store.rows("ORDER BY i.id DESC LIMIT 100", List.of())
                : store.rows("WHERE i.created_by = ? ORDER BY i.id DESC LIMIT 100", List.of(staff.person().id()));
        return found.stream().map(r -> store.view(r, locale, null)).toList();
    }

    /**
     * Imported files are personal data: {@code age} after an import ended its file is erased (the
     * counts and refused lines stay), and uploads never started are deleted. Returns how many.
     */
    public int purgeFiles(Duration age) {
        Instant before = Instant.now().minus(age);
        int erased = sql.update("UPDATE contact_import SET file_gz = NULL, preview = NULL WHERE status IN ('DONE', 'FAILED') "
                + "AND finished_at < ? AND file_gz IS NOT NULL", List.of(before));
        int abandoned = sql.update("DELETE FROM contact_import WHERE status IN ('UPLOADING', 'UPLOADED') AND created_at < ?",
                List.of(before));
        return erased + abandoned;
    }

    /**
     * How many of these addresses belong to people the staff member reaches. An organizer's dry run
     * counts nobody outside their territory: it must not tell whether an address is a supporter
     * elsewhere.
     */
    private long known(Staff staff, List<String> emails) {
        if (emails.isEmpty()) {
            return 0;
        }
        List<Object> params = new ArrayList<>(emails);
        Staff.Scope scope = staff.scopeOn("departement");
        params.addAll(scope.params());
        return sql.number("SELECT COUNT(*) FROM person WHERE email IN (" + Sql.marks(emails.size()) + ") AND " + scope.sql(), params);
    }

    private final class Check {
        int valid;
        long known;
        int refused;
        final List<ImportRows.Problem> problems = new ArrayList<>();

        void problem(ImportRows.Problem p) {
            refused++;
            if (problems.size() < 100) {
                problems.add(p);
            }
        }

        ImportView.Summary summary(ImportOptions options) {
            long create = valid - known;
            boolean skip = "skip".equals(options.duplicates());
            return new ImportView.Summary(valid, create, skip ? 0 : known, skip ? known : 0, refused, List.copyOf(problems).stream()
                    .map(p -> new ImportView.LineError(p.line(), p.key(), p.args())).toList());
        }
    }

    /** An imported person not yet told of it, and the import that created them. */
    public record Untold(long personId, long importId) {
    }

    /**
     * People created by an import who are still contacts (never signed up themselves) and have not
     * had the first-contact notice, the oldest first, at most {@code limit}.
     */
    public List<Untold> untold(int limit) {
        return sql.list("SELECT ip.person_id, MIN(ip.import_id) FROM contact_import_person ip JOIN person p ON p.id = ip.person_id "
                + "LEFT JOIN import_notice n ON n.person_id = ip.person_id WHERE ip.action = 'CREATED' AND p.status = 'CONTACT' "
                + "AND n.person_id IS NULL GROUP BY ip.person_id ORDER BY ip.person_id LIMIT ?", List.of(limit),
                rs -> new Untold(rs.getLong(1), rs.getLong(2)));
    }

    /**
     * Takes the first-contact notice of a person, in the caller's transaction: true once per person,
     * whatever the nodes (the row's primary key), false when someone took it already.
     */
    @Transactional(propagation = io.micronaut.transaction.TransactionDefinition.Propagation.MANDATORY)
    public boolean claimNotice(long personId, long importId, Instant now) {
        return sql.update("INSERT IGNORE INTO import_notice (person_id, import_id, sent_at) VALUES (?, ?, ?)",
                List.of(personId, importId, now)) == 1;
    }

    /** Where an import's people come from and on what basis, as its author declared it (null for imports older than the declaration). */
    public record Declared(@io.micronaut.core.annotation.Nullable String origin, @io.micronaut.core.annotation.Nullable String originDetail,
                           @io.micronaut.core.annotation.Nullable String legalBasis) {
    }

    public Declared declaredOrigin(long importId) {
        String options = store.byId(importId).options();
        ImportOptions o = options == null ? null : store.options(options);
        return o == null ? new Declared(null, null, null) : new Declared(o.origin(), o.originDetail(), o.legalBasis());
    }

    /** The owner of this (normalized) address objected to being in the file: no import brings it back. */
    public void recordObjection(String normalizedEmail) {
        oppositions.record(normalizedEmail, Instant.now());
    }

    /**
     * People an import created whose import's purge date has come ({@code purgeOn}, a day in the
     * movement's zone), who are still contacts (never signed up themselves), not marked members or
     * regular contacts since, and whom no other import brought: at most {@code limit}.
     */
    public List<Long> purgeDue(java.time.LocalDate today, int limit) {
        return sql.list("SELECT ip.person_id FROM contact_import_person ip JOIN contact_import i ON i.id = ip.import_id "
                + "JOIN person p ON p.id = ip.person_id WHERE ip.action = 'CREATED' AND p.status = 'CONTACT' AND p.relation IS NULL "
                + "AND JSON_VALUE(i.options, '$.purgeOn') <= ? AND NOT EXISTS (SELECT 1 FROM contact_import_person o "
                + "WHERE o.person_id = ip.person_id AND o.import_id <> ip.import_id) ORDER BY ip.person_id LIMIT ?",
                List.of(today.toString(), limit), rs -> rs.getLong(1));
    }

    /**
     * Prospects who never answered: people an import declaring their consent (not members nor
     * regular contacts) created, still contacts, with no sign of life since (never signed in, never
     * came to an action), neither a member nor a regular contact on their record or by another
     * import, told of the file before {@code before} (or, when notices are off, imported before it).
     * Imports older than the declaration are never treated so: their people follow the three years
     * without exchange. At most {@code limit}.
     */
    public List<Long> unansweredProspects(Instant before, boolean noticesOn, int limit) {
        return sql.list("SELECT ip.person_id FROM contact_import_person ip JOIN contact_import i ON i.id = ip.import_id "
                + "JOIN person p ON p.id = ip.person_id LEFT JOIN import_notice n ON n.person_id = ip.person_id "
                + "WHERE ip.action = 'CREATED' AND JSON_VALUE(i.options, '$.legalBasis') = 'consent' AND p.status = 'CONTACT' "
                + "AND p.last_active_at IS NULL AND p.last_attended_at IS NULL AND p.relation IS NULL "
                + "AND (CASE WHEN ? THEN n.sent_at < ? ELSE p.created_at < ? END) "
                + "AND NOT EXISTS (SELECT 1 FROM contact_import_person o JOIN contact_import oi ON oi.id = o.import_id "
                + "WHERE o.person_id = ip.person_id AND JSON_VALUE(oi.options, '$.legalBasis') = 'regular-contact') "
                + "ORDER BY ip.person_id LIMIT ?", List.of(noticesOn, before, before, limit), rs -> rs.getLong(1));
    }

    /** An import that created or updated a person: its file, what it did, when. */
    public record ImportOf(String fileName, String action, Instant at) {
    }

    /** The imports that touched a person, the latest first, at most {@code limit}. */
    public List<ImportOf> importsOf(Long personId, int limit) {
        return sql.list("SELECT i.file_name, ip.action, COALESCE(i.finished_at, i.created_at) FROM contact_import_person ip "
                + "JOIN contact_import i ON i.id = ip.import_id WHERE ip.person_id = ? ORDER BY i.id DESC LIMIT ?", List.of(personId, limit),
                rs -> new ImportOf(rs.getString(1), rs.getString(2).toLowerCase(Locale.ROOT), rs.getTimestamp(3).toInstant()));
    }

}
