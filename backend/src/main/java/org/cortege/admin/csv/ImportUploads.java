package org.cortege.admin.csv;

import io.micronaut.transaction.annotation.Transactional;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.time.Instant;
import java.util.ArrayList;
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
import org.cortege.admin.csv.ImportStore.Row;
import org.cortege.shared.ApiException;
import org.cortege.shared.Sql;
import org.cortege.shared.Tokens;

/**
 * A file's way in: an upload opened for its size, its pieces (the API takes no body over 64 KB),
 * then read once to guess its encoding, separator and columns and keep its header and first lines.
 * A file refused for what it holds is deleted at once.
 */
@Singleton
class ImportUploads {

    static final int MAX_BYTES = 30 * 1024 * 1024;
    static final int MAX_CHUNK = 48 * 1024;
    static final int MAX_ROWS = 200_000;
    /** Uploads one staff member may have open at once, and their bytes together: a file at a time is the use. */
    static final int MAX_OPEN_UPLOADS = 3;
    static final long MAX_OPEN_BYTES = 2L * MAX_BYTES;
    static final int SAMPLE_ROWS = 5;

    private final Sql sql;
    private final ImportRepository imports;
    private final ImportStore store;

    ImportUploads(Sql sql, ImportRepository imports, ImportStore store) {
        this.sql = sql;
        this.imports = imports;
        this.store = store;
    }

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
        List<Integer> open = imports.findFileSizeByCreatedByAndStatusIn(staff.person().id(), List.of(ImportStatus.UPLOADING,
                ImportStatus.UPLOADED));
        if (open.size() >= MAX_OPEN_UPLOADS || open.stream().mapToLong(Integer::longValue).sum() + size > MAX_OPEN_BYTES) {
            throw ApiException.invalidField("file", "import.error.tooManyOpen", MAX_OPEN_UPLOADS, MAX_OPEN_BYTES / (1024 * 1024));
        }
        String name = fileName == null || fileName.isBlank() ? "import.csv" : fileName.strip().replaceAll("[\\p{Cntrl}/\\\\]", "_");
        String publicId = Tokens.newPublicId();
        imports.save(ContactImport.uploading(publicId, name.length() > 200 ? name.substring(0, 200) : name, size, staff.scopeText(),
                staff.person().id(), Instant.now()));
        return store.view(store.find(staff, publicId), locale, null);
    }

    /** Stores piece {@code seq} (from 0) of an upload; sending a piece again replaces it. */
    @Transactional
    public void piece(Staff staff, String publicId, int seq, byte[] data) {
        Row row = store.find(staff, publicId);
        ImportStore.requireStatus(row, ImportStatus.UPLOADING);
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
        Row row = store.find(staff, publicId);
        ImportStore.requireStatus(row, ImportStatus.UPLOADING);
        try {
            return read(staff, row, locale);
        } catch (ApiException e) {
            if (!e.fieldErrors().containsValue("import.error.incomplete")) {
                // A file refused for what it holds is gone: it does not count as an open upload, and the next try starts afresh.
                imports.deleteByIdAndStatus(row.id(), ImportStatus.UPLOADING);
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
                    sample.add(ImportStore.shortened(record.toList()));
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
                store.write(guessed), store.write(new ImportStore.Preview(header, sample)), row.id()));
        sql.update("DELETE FROM contact_import_chunk WHERE import_id = ?", List.of(row.id()));
        return store.view(store.find(staff, publicId), locale, null);
    }

}
