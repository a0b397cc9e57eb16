package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cortege.admin.Staff;
import org.cortege.moderation.AuditLog;
import org.cortege.people.Person;
import org.cortege.people.PeopleImport;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * CSV imports into the contact database. The file arrives in pieces (the API takes no body over
 * 64 KB), is read once to guess its encoding, separator and columns, then checked line by line
 * against the admin's column mapping, and finally imported in the background by whichever node
 * takes it: 500 lines per transaction, the count of lines done committed with them, so a node that
 * stops mid-file leaves the rest to another one and no line is imported twice.
 * Why it is long: uploads, the check, the background job and the purge are one unit yet (the
 * people it writes already go through PeopleImport); they are the seams along which it splits next.
 */
@Singleton
public class ImportService {

    static final int MAX_BYTES = 30 * 1024 * 1024;
    static final int MAX_CHUNK = 48 * 1024;
    static final int MAX_ROWS = 200_000;
    static final int CHUNK_ROWS = 500;
    static final int KEPT_ERRORS = 200;
    static final Duration LEASE = Duration.ofMinutes(2);
    /** Uploads one staff member may have open at once, and their bytes together: a file at a time is the use. */
    static final int MAX_OPEN_UPLOADS = 3;
    static final long MAX_OPEN_BYTES = 2L * MAX_BYTES;
    static final int SAMPLE_ROWS = 5;

    private final Sql sql;
    private final JsonMapper json;
    private final ImportRows rows;
    private final AuditLog audit;
    private final InstanceSettings settings;
    private final Messages messages;
    private final PersonService people;
    private final org.cortege.admin.StaffService staffService;
    private final PeopleImport peopleImport;

    ImportService(Sql sql, JsonMapper json, ImportRows rows, AuditLog audit, InstanceSettings settings, Messages messages,
                  PersonService people, org.cortege.admin.StaffService staffService, PeopleImport peopleImport) {
        this.peopleImport = peopleImport;
        this.staffService = staffService;
        this.sql = sql;
        this.json = json;
        this.rows = rows;
        this.audit = audit;
        this.settings = settings;
        this.messages = messages;
        this.people = people;
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

    record Row(long id, String publicId, String fileName, int fileSize, @Nullable String charset, @Nullable String delimiter,
               int rowCount, @Nullable String options, @Nullable String scope, String status, int processedRows, int createdCount,
               int updatedCount, int skippedCount, int errorCount, @Nullable String errors, @Nullable Long createdBy,
               @Nullable String author, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
               @Nullable String preview) {
    }

    // --- upload ---

    /** Opens an upload of {@code size} bytes. @throws ApiException 400 on an empty or too large file */
    @Transactional
    public ImportView begin(Staff staff, String fileName, int size, Locale locale) {
        if (size <= 0) {
            throw ApiException.invalidField("file", "import.error.empty");
        }
        if (size > MAX_BYTES) {
            throw ApiException.invalidField("file", "import.error.tooLarge", MAX_BYTES / (1024 * 1024));
        }
        // Uploaded files not yet imported count too: they are stored as long. (Two starts at the same instant may
        // both pass: one file over the cap, not worth a lock that two staff members could deadlock on.)
        List<Long> open = sql.list("SELECT file_size FROM contact_import WHERE created_by = ? AND status IN ('UPLOADING', 'UPLOADED')",
                List.of(staff.person().id()), rs -> rs.getLong(1));
        if (open.size() >= MAX_OPEN_UPLOADS || open.stream().mapToLong(Long::longValue).sum() + size > MAX_OPEN_BYTES) {
            throw ApiException.invalidField("file", "import.error.tooManyOpen", MAX_OPEN_UPLOADS, MAX_OPEN_BYTES / (1024 * 1024));
        }
        String name = fileName == null || fileName.isBlank() ? "import.csv" : fileName.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        String publicId = Tokens.newPublicId();
        sql.update("INSERT INTO contact_import (public_id, file_name, file_size, scope, status, created_by, created_at) "
                        + "VALUES (?, ?, ?, ?, 'UPLOADING', ?, ?)",
                Arrays.asList(publicId, name.length() > 200 ? name.substring(0, 200) : name, size,
                        staff.scopeText(), staff.person().id(),
                        Instant.now()));
        return view(find(staff, publicId), locale, null);
    }

    /** Stores piece {@code seq} (from 0) of an upload; sending a piece again replaces it. */
    @Transactional
    public void piece(Staff staff, String publicId, int seq, byte[] data) {
        Row row = find(staff, publicId);
        requireStatus(row, "UPLOADING");
        if (data == null || data.length == 0 || data.length > MAX_CHUNK || seq < 0 || (long) seq * MAX_CHUNK >= row.fileSize()) {
            throw ApiException.invalidField("file", "import.error.piece");
        }
        sql.update("REPLACE INTO contact_import_chunk (import_id, seq, data) VALUES (?, ?, ?)", List.of(row.id(), seq, data));
    }

    /**
     * Joins the pieces and reads the file: encoding, separator, header, number of lines, and the
     * columns guessed from their headers.
     *
     * @throws ApiException 400 when pieces are missing, the file is not CSV, has no data line or too many
     */
    public ImportView complete(Staff staff, String publicId, Locale locale) {
        Row row = find(staff, publicId);
        requireStatus(row, "UPLOADING");
        try {
            return read(staff, row, locale);
        } catch (ApiException e) {
            if (!e.fieldErrors().containsValue("import.error.incomplete")) {
                // A file refused for what it holds is gone: it does not count as an open upload, and the next try starts afresh.
                sql.update("DELETE FROM contact_import WHERE id = ? AND status = 'UPLOADING'", List.of(row.id()));
            }
            throw e;
        }
    }

    private ImportView read(Staff staff, Row row, Locale locale) {
        String publicId = row.publicId();
        List<byte[]> pieces = sql.list("SELECT data FROM contact_import_chunk WHERE import_id = ? ORDER BY seq", List.of(row.id()),
                rs -> rs.getBytes(1));
        int total = pieces.stream().mapToInt(p -> p.length).sum();
        if (total != row.fileSize()) {
            throw ApiException.invalidField("file", "import.error.incomplete");
        }
        byte[] bytes = new byte[total];
        int at = 0;
        for (byte[] p : pieces) {
            System.arraycopy(p, 0, bytes, at, p.length);
            at += p.length;
        }
        for (int i = 0; i < Math.min(bytes.length, 64 * 1024); i++) {
            if (bytes[i] == 0) { // a spreadsheet's native file, an image…: no CSV holds a NUL byte
                throw ApiException.invalidField("file", "import.error.notText");
            }
        }
        Charset charset = CsvFiles.charsetOf(bytes);
        char delimiter = CsvFiles.delimiterOf(CsvFiles.text(bytes, charset));
        int count = 0;
        List<String> header;
        List<List<String>> sample = new ArrayList<>();
        try (CSVParser parser = CsvFiles.format(delimiter).parse(CsvFiles.reader(bytes, charset))) {
            Iterator<CSVRecord> it = parser.iterator();
            if (!it.hasNext()) {
                throw ApiException.invalidField("file", "import.error.noData");
            }
            header = it.next().toList().stream().map(c -> c.length() > 200 ? c.substring(0, 200) : c).toList();
            if (header.size() > 1000) {
                throw ApiException.invalidField("file", "import.error.malformed", 1);
            }
            while (it.hasNext()) {
                CSVRecord record = it.next();
                if (sample.size() < SAMPLE_ROWS) {
                    sample.add(shortened(record.toList()));
                }
                if (++count > MAX_ROWS) {
                    throw ApiException.invalidField("file", "import.error.tooManyRows", MAX_ROWS);
                }
            }
        } catch (IOException | UncheckedIOException | IllegalStateException e) {
            throw ApiException.invalidField("file", "import.error.malformed", count + 2);
        }
        if (count == 0) {
            throw ApiException.invalidField("file", "import.error.noData");
        }
        Map<String, String> mapping = new LinkedHashMap<>();
        Set<String> taken = new HashSet<>();
        for (String h : header) {
            String field = ImportFields.guess(h);
            mapping.put(h, field != null && taken.add(field) ? field : "");
        }
        ImportOptions guessed = new ImportOptions(mapping, "update", null);
        sql.update("UPDATE contact_import SET file_gz = ?, charset = ?, field_separator = ?, row_count = ?, options = ?, preview = ?, "
                + "status = 'UPLOADED' WHERE id = ?", List.of(CsvFiles.gzip(bytes), charset.name(), String.valueOf(delimiter), count,
                write(guessed), write(new Preview(header, sample)), row.id()));
        sql.update("DELETE FROM contact_import_chunk WHERE import_id = ?", List.of(row.id()));
        return view(find(staff, publicId), locale, null);
    }

    // --- check and start ---

    /**
     * Reads every line with the given mapping without importing anything: how many would be
     * created, updated, skipped, and the first lines refused with why.
     */
    @Transactional(readOnly = true)
    public ImportView check(Staff staff, String publicId, ImportOptions options, Locale locale) {
        Row row = find(staff, publicId);
        if (row.status().equals("UPLOADING")) {
            throw ApiException.of(HttpStatus.CONFLICT, "import-state", "problem.importState");
        }
        Map<String, Integer> columns = columns(row, options);
        Check check = new Check();
        Set<String> seen = new HashSet<>();
        List<String> batch = new ArrayList<>();
        forEachRecord(row, 0, (record, line) -> {
            ImportRows.Result r = rows.read(record, columns, line, staff);
            if (r.problem() != null) {
                check.problem(r.problem());
            } else if (!seen.add(r.draft().email())) {
                check.problem(new ImportRows.Problem(line, "import.error.duplicateInFile", List.of(r.draft().email())));
            } else {
                batch.add(r.draft().email());
                if (batch.size() == 1000) {
                    check.known += known(staff, batch);
                    batch.clear();
                }
                check.valid++;
            }
            return true;
        });
        check.known += known(staff, batch);
        return view(row, locale, check.summary(options));
    }

    /**
     * Queues the import with these options; a node takes it within seconds.
     *
     * @throws ApiException 409 when already started (a second click changes nothing), 400 without an email column
     */
    @Transactional
    public ImportView start(Staff staff, String publicId, ImportOptions options, Locale locale) {
        Row row = find(staff, publicId);
        sql.list("SELECT id FROM contact_import WHERE id = ? FOR UPDATE", List.of(row.id()), rs -> rs.getLong(1));
        row = find(staff, publicId);
        requireStatus(row, "UPLOADED");
        columns(row, options);
        Long tagId = null;
        if (options.tag() != null && !options.tag().isBlank()) {
            tagId = tagId(options.tag().strip(), staff.person().id());
        }
        sql.update("UPDATE contact_import SET options = ?, status = 'QUEUED', tag_id = ? WHERE id = ?",
                Arrays.asList(write(options), tagId, row.id()));
        audit.record(staff.person(), "import.start", "import", publicId, row.fileName() + " (" + row.rowCount() + " lines)");
        return view(find(staff, publicId), locale, null);
    }

    @Transactional(readOnly = true)
    public ImportView get(Staff staff, String publicId, Locale locale) {
        return view(find(staff, publicId), locale, null);
    }

    /** The latest imports: all of them for an admin, their own for an organizer. */
    @Transactional(readOnly = true)
    public List<ImportView> list(Staff staff, Locale locale) {
        List<Row> found = staff.admin() ? rows("ORDER BY i.id DESC LIMIT 100", List.of())
                : rows("WHERE i.created_by = ? ORDER BY i.id DESC LIMIT 100", List.of(staff.person().id()));
        return found.stream().map(r -> view(r, locale, null)).toList();
    }

    // --- the background part ---

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
        int claimed = sql.update("UPDATE contact_import SET status = 'RUNNING', lease_until = ?, started_at = COALESCE(started_at, ?) "
                + "WHERE id = ? AND (status = 'QUEUED' OR (status = 'RUNNING' AND lease_until < ?))", List.of(now.plus(LEASE), now, id, now));
        if (claimed == 0) {
            return true; // another node took it
        }
        Row row = rows("WHERE i.id = ?", List.of(id)).get(0);
        try {
            run(row);
        } catch (LostLease e) {
            return true;
        } catch (LostRights e) {
            sql.update("UPDATE contact_import SET status = 'FAILED', finished_at = ?, lease_until = NULL WHERE id = ?",
                    List.of(Instant.now(), id));
            audit.record(null, "import.stopped", "import", row.publicId(), "the author no longer holds the rights it was started with");
            return true;
        } catch (RuntimeException e) {
            sql.update("UPDATE contact_import SET status = 'FAILED', finished_at = ? WHERE id = ?", List.of(Instant.now(), id));
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

    private static final class LostLease extends RuntimeException {
        LostLease() {
            super("another node took the import over", null, false, false);
        }
    }

    private void run(Row row) {
        ImportOptions options = read(row.options());
        Map<String, Integer> columns = columns(row, options);
        Long tagId = sql.list("SELECT tag_id FROM contact_import WHERE id = ?", List.of(row.id()), rs -> rs.getObject(1, Long.class)).get(0);
        int[] done = {row.processedRows()};
        List<CSVRecord> chunk = new ArrayList<>();
        List<Integer> lines = new ArrayList<>();
        forEachRecord(row, row.processedRows(), (record, line) -> {
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
        sql.update("UPDATE contact_import SET status = 'DONE', finished_at = ?, lease_until = NULL WHERE id = ?",
                List.of(Instant.now(), row.id()));
        Row after = rows("WHERE i.id = ?", List.of(row.id())).get(0);
        audit.record(row.createdBy() == null ? null : people.findAny(row.createdBy()).orElse(null), "import.done", "import",
                row.publicId(), after.createdCount() + " created, " + after.updatedCount() + " updated, " + after.skippedCount()
                        + " skipped, " + after.errorCount() + " refused");
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
        for (ImportRows.Draft d : drafts) {
            PeopleImport.Known known = existing.get(d.email());
            if (known != null && !staff.reaches(known.departement())) {
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
        Map<String, Long> ids = peopleImport.importBatch(created.stream().map(ImportService::line).toList(), updates, source,
                settings.consentVersion(), wording, now);
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
                Long t = tagIds.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> tagId(name, row.createdBy()));
                tags.add(List.of(id, t, now));
            }
        }
        sql.batch("INSERT IGNORE INTO person_tag (person_id, tag_id, tagged_at) VALUES (?, ?, ?)", tags);
        sql.batch("INSERT IGNORE INTO contact_import_person (import_id, person_id, action) VALUES (?, ?, ?)", links);

        int done = doneBefore + records.size();
        String errors = mergeErrors(row.id(), problems);
        int owned = sql.update("UPDATE contact_import SET processed_rows = ?, created_count = created_count + ?, updated_count = "
                        + "updated_count + ?, skipped_count = skipped_count + ?, error_count = error_count + ?, errors = ?, lease_until = ? "
                        + "WHERE id = ? AND processed_rows = ? AND status = 'RUNNING'",
                Arrays.asList(done, created.size(), updated.size(), skipped, problems.size(), errors, now.plus(LEASE), row.id(),
                        doneBefore));
        if (owned == 0) {
            throw new LostLease(); // rolls this chunk back: the node that took over does it
        }
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
        String stored = sql.list("SELECT errors FROM contact_import WHERE id = ?", List.of(importId), rs -> rs.getString(1)).get(0);
        if (stored != null) {
            kept.addAll(readProblems(stored));
        }
        for (ImportRows.Problem p : problems) {
            if (kept.size() >= KEPT_ERRORS) {
                break;
            }
            kept.add(p);
        }
        return kept.isEmpty() ? null : write(kept);
    }

    /** The id of the tag of that name (case aside), created when missing. */
    private Long tagId(String name, @Nullable Long by) {
        String key = name.toLowerCase(Locale.ROOT);
        sql.update("INSERT IGNORE INTO tag (name, name_key, created_by, created_at) VALUES (?, ?, ?, ?)",
                Arrays.asList(name, key, by, Instant.now()));
        return sql.number("SELECT id FROM tag WHERE name_key = ?", List.of(key));
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

    // --- helpers ---

    @FunctionalInterface
    private interface RecordVisitor {
        boolean visit(CSVRecord record, int line);
    }

    /** Reads the stored file, skipping the header and the first {@code skip} data lines. Lines count from 1 (the header). */
    private void forEachRecord(Row row, int skip, RecordVisitor visitor) {
        byte[] gz = sql.list("SELECT file_gz FROM contact_import WHERE id = ?", List.of(row.id()), rs -> rs.getBytes(1)).get(0);
        if (gz == null) {
            return; // erased after the import (see purgeFiles)
        }
        byte[] bytes = CsvFiles.gunzip(gz);
        Charset charset = Charset.forName(row.charset());
        try (Reader reader = CsvFiles.reader(bytes, charset); CSVParser parser = CsvFiles.format(row.delimiter().charAt(0)).parse(reader)) {
            Iterator<CSVRecord> it = parser.iterator();
            it.next(); // header
            int index = 0;
            while (it.hasNext()) {
                CSVRecord record = it.next();
                index++;
                if (index <= skip) {
                    continue;
                }
                if (!visitor.visit(record, (int) record.getRecordNumber())) {
                    return;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Field → column index from the mapping (header → field); an email column is required. */
    private Map<String, Integer> columns(Row row, ImportOptions options) {
        List<String> header = header(row);
        Map<String, Integer> columns = new HashMap<>();
        if (options.mapping() != null) {
            for (Map.Entry<String, String> e : options.mapping().entrySet()) {
                String field = e.getValue();
                if (field == null || field.isBlank()) {
                    continue;
                }
                if (!ImportFields.FIELDS.contains(field)) {
                    throw ApiException.invalidField("mapping", "import.error.field", field);
                }
                int index = header.indexOf(e.getKey());
                if (index < 0) {
                    throw ApiException.invalidField("mapping", "import.error.column", e.getKey());
                }
                if (columns.put(field, index) != null) {
                    throw ApiException.invalidField("mapping", "import.error.fieldTwice", field);
                }
            }
        }
        if (!columns.containsKey("email")) {
            throw ApiException.invalidField("mapping", "import.error.noEmailColumn");
        }
        if (options.duplicates() != null && !Set.of("update", "skip").contains(options.duplicates())) {
            throw ApiException.invalidField("duplicates", "validation.Invalid");
        }
        return columns;
    }

    private List<String> header(Row row) {
        if (row.preview() != null) {
            return readPreview(row.preview()).header();
        }
        List<String> header = new ArrayList<>();
        forEachHeader(row, header);
        return header;
    }

    private void forEachHeader(Row row, List<String> out) {
        byte[] gz = sql.list("SELECT file_gz FROM contact_import WHERE id = ?", List.of(row.id()), rs -> rs.getBytes(1)).get(0);
        if (gz == null) {
            return;
        }
        String text = CsvFiles.text(CsvFiles.gunzip(gz), Charset.forName(row.charset()));
        int end = text.indexOf('\n');
        try (CSVParser parser = CsvFiles.format(row.delimiter().charAt(0)).parse(new java.io.StringReader(end < 0 ? text : text.substring(0, end)))) {
            for (CSVRecord r : parser) {
                out.addAll(r.toList());
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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

    /** The territory the import was started for, narrowed to what its author holds now (read again for every chunk). */
    private Staff authorNow(Row row) {
        return staffService.forStoredWork(row.createdBy(), row.scope()).orElseThrow(LostRights::new);
    }

    private static void requireStatus(Row row, String status) {
        if (!row.status().equals(status)) {
            throw ApiException.of(HttpStatus.CONFLICT, "import-state", "problem.importState");
        }
    }

    private Row find(Staff staff, String publicId) {
        List<Row> found = publicId == null || publicId.length() > 24 ? List.of() : rows("WHERE i.public_id = ?", List.of(publicId));
        if (found.isEmpty() || !staff.admin() && (found.get(0).createdBy() == null || !found.get(0).createdBy().equals(staff.person().id()))) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "import-not-found", "problem.importNotFound");
        }
        return found.get(0);
    }

    private List<Row> rows(String tail, List<Object> params) {
        return sql.list("SELECT i.id, i.public_id, i.file_name, i.file_size, i.charset, i.field_separator, i.row_count, i.options, i.scope, "
                + "i.status, i.processed_rows, i.created_count, i.updated_count, i.skipped_count, i.error_count, i.errors, i.created_by, i.preview, "
                + "CONCAT(a.first_name, ' ', a.last_name) AS author, i.created_at, i.started_at, i.finished_at FROM contact_import i "
                + "LEFT JOIN person a ON a.id = i.created_by " + tail, params, ImportService::row);
    }

    private static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("public_id"), rs.getString("file_name"), rs.getInt("file_size"),
                rs.getString("charset"), rs.getString("field_separator"), rs.getInt("row_count"), rs.getString("options"), rs.getString("scope"),
                rs.getString("status"), rs.getInt("processed_rows"), rs.getInt("created_count"), rs.getInt("updated_count"),
                rs.getInt("skipped_count"), rs.getInt("error_count"), rs.getString("errors"), rs.getObject("created_by", Long.class),
                rs.getString("author"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getString("preview"));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    /** A sample row as stored: at most 60 columns of at most 200 characters (a list shows 100 previews). */
    private static List<String> shortened(List<String> cells) {
        return cells.stream().limit(60).map(c -> c.length() > 200 ? c.substring(0, 200) + "…" : c).toList();
    }

    /** What a list shows of a file: its header and first lines, stored when the upload completed. */
    @io.micronaut.serde.annotation.Serdeable
    record Preview(List<String> header, List<List<String>> sample) {
    }

    private ImportView view(Row r, Locale locale, @Nullable ImportView.Summary summary) {
        Preview preview = r.preview() == null ? new Preview(List.of(), List.of()) : readPreview(r.preview());
        List<String> header = preview.header();
        List<List<String>> sample = preview.sample();
        List<ImportView.LineError> errors = r.errors() == null ? List.of()
                : readProblems(r.errors()).stream().map(p -> new ImportView.LineError(p.line(), p.key(), p.args())).toList();
        ImportView.Summary translated = summary == null ? null : new ImportView.Summary(summary.valid(), summary.create(),
                summary.update(), summary.skip(), summary.refused(), translate(summary.errors(), locale));
        return new ImportView(r.publicId(), r.fileName(), r.status(), r.rowCount(), r.charset(), r.delimiter(), header, sample,
                r.options() == null ? null : read(r.options()), r.processedRows(), r.createdCount(), r.updatedCount(), r.skippedCount(),
                r.errorCount(), translate(errors, locale), translated, r.author(), r.createdAt(), r.startedAt(), r.finishedAt());
    }

    private List<ImportView.LineError> translate(List<ImportView.LineError> errors, Locale locale) {
        return errors.stream().map(e -> new ImportView.LineError(e.line(), messages.get(locale, e.message(), e.args().toArray()), e.args()))
                .toList();
    }

    private ImportOptions read(String s) {
        try {
            return json.readValue(s, ImportOptions.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Preview readPreview(String s) {
        try {
            return json.readValue(s, Preview.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<ImportRows.Problem> readProblems(String s) {
        try {
            return Arrays.asList(json.readValue(s, ImportRows.Problem[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
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
