package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpStatus;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.cortege.admin.Staff;
import org.cortege.shared.ApiException;
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;

/**
 * What the import's parts share about a {@code contact_import} row: finding it (an organizer only
 * their own), its stored file read line by line, the column mapping checked against its header,
 * its JSON columns (options, preview, refused lines), the tags it names, and its view in the
 * reader's language.
 */
@Singleton
class ImportStore {

    private final Sql sql;
    private final JsonMapper json;
    private final Messages messages;

    ImportStore(Sql sql, JsonMapper json, Messages messages) {
        this.sql = sql;
        this.json = json;
        this.messages = messages;
    }

    record Row(long id, String publicId, String fileName, int fileSize, @Nullable String charset, @Nullable String delimiter,
               int rowCount, @Nullable String options, @Nullable String scope, ImportStatus status, int processedRows, int createdCount,
               int updatedCount, int skippedCount, int errorCount, @Nullable String errors, @Nullable Long createdBy,
               @Nullable String author, Instant createdAt, @Nullable Instant startedAt, @Nullable Instant finishedAt,
               @Nullable String preview) {
    }

    @FunctionalInterface
    interface RecordVisitor {
        boolean visit(CSVRecord record, int line);
    }

    Row find(Staff staff, String publicId) {
        List<Row> found = publicId == null || publicId.length() > 24 ? List.of() : rows("WHERE i.public_id = ?", List.of(publicId));
        if (found.isEmpty() || !staff.admin() && (found.get(0).createdBy() == null || !found.get(0).createdBy().equals(staff.person().id()))) {
            throw ApiException.of(HttpStatus.NOT_FOUND, "import-not-found", "problem.importNotFound");
        }
        return found.get(0);
    }

    Row byId(long id) {
        return rows("WHERE i.id = ?", List.of(id)).get(0);
    }

    List<Row> rows(String tail, List<Object> params) {
        return sql.list("SELECT i.id, i.public_id, i.file_name, i.file_size, i.charset, i.field_separator, i.row_count, i.options, i.scope, "
                + "i.status, i.processed_rows, i.created_count, i.updated_count, i.skipped_count, i.error_count, i.errors, i.created_by, i.preview, "
                + "CONCAT(a.first_name, ' ', a.last_name) AS author, i.created_at, i.started_at, i.finished_at FROM contact_import i "
                + "LEFT JOIN person a ON a.id = i.created_by " + tail, params, ImportStore::row);
    }

    static Row row(ResultSet rs) throws SQLException {
        return new Row(rs.getLong("id"), rs.getString("public_id"), rs.getString("file_name"), rs.getInt("file_size"),
                rs.getString("charset"), rs.getString("field_separator"), rs.getInt("row_count"), rs.getString("options"), rs.getString("scope"),
                ImportStatus.valueOf(rs.getString("status")), rs.getInt("processed_rows"), rs.getInt("created_count"), rs.getInt("updated_count"),
                rs.getInt("skipped_count"), rs.getInt("error_count"), rs.getString("errors"), rs.getObject("created_by", Long.class),
                rs.getString("author"), rs.getTimestamp("created_at").toInstant(), instant(rs.getTimestamp("started_at")),
                instant(rs.getTimestamp("finished_at")), rs.getString("preview"));
    }

    static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static void requireStatus(Row row, ImportStatus status) {
        if (row.status() != status) {
            throw ApiException.of(HttpStatus.CONFLICT, "import-state", "problem.importState");
        }
    }

    /** Reads the stored file, skipping the header and the first {@code skip} data lines. Lines count from 1 (the header). */
    void forEachRecord(Row row, int skip, RecordVisitor visitor) {
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
    Map<String, Integer> columns(Row row, ImportOptions options) {
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

    List<String> header(Row row) {
        if (row.preview() != null) {
            return readPreview(row.preview()).header();
        }
        List<String> header = new ArrayList<>();
        forEachHeader(row, header);
        return header;
    }

    void forEachHeader(Row row, List<String> out) {
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

    /** The id of the tag of that name (case aside), created when missing. */
    Long tagId(String name, @Nullable Long by) {
        String key = name.toLowerCase(Locale.ROOT);
        sql.update("INSERT IGNORE INTO tag (name, name_key, created_by, created_at) VALUES (?, ?, ?, ?)",
                Arrays.asList(name, key, by, Instant.now()));
        return sql.number("SELECT id FROM tag WHERE name_key = ?", List.of(key));
    }

    /** A sample row as stored: at most 60 columns of at most 200 characters (a list shows 100 previews). */
    static List<String> shortened(List<String> cells) {
        return cells.stream().limit(60).map(c -> c.length() > 200 ? c.substring(0, 200) + "…" : c).toList();
    }

    /** What a list shows of a file: its header and first lines, stored when the upload completed. */
    @io.micronaut.serde.annotation.Serdeable
    record Preview(List<String> header, List<List<String>> sample) {
    }

    ImportView view(Row r, Locale locale, @Nullable ImportView.Summary summary) {
        Preview preview = r.preview() == null ? new Preview(List.of(), List.of()) : readPreview(r.preview());
        List<String> header = preview.header();
        List<List<String>> sample = preview.sample();
        List<ImportView.LineError> errors = r.errors() == null ? List.of()
                : readProblems(r.errors()).stream().map(p -> new ImportView.LineError(p.line(), p.key(), p.args())).toList();
        ImportView.Summary translated = summary == null ? null : new ImportView.Summary(summary.valid(), summary.create(),
                summary.update(), summary.skip(), summary.refused(), translate(summary.errors(), locale));
        return new ImportView(r.publicId(), r.fileName(), r.status(), r.rowCount(), r.charset(), r.delimiter(), header, sample,
                r.options() == null ? null : options(r.options()), r.processedRows(), r.createdCount(), r.updatedCount(), r.skippedCount(),
                r.errorCount(), translate(errors, locale), translated, r.author(), r.createdAt(), r.startedAt(), r.finishedAt());
    }

    List<ImportView.LineError> translate(List<ImportView.LineError> errors, Locale locale) {
        return errors.stream().map(e -> new ImportView.LineError(e.line(), messages.get(locale, e.message(), e.args().toArray()), e.args()))
                .toList();
    }

    ImportOptions options(String s) {
        try {
            return json.readValue(s, ImportOptions.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    Preview readPreview(String s) {
        try {
            return json.readValue(s, Preview.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    List<ImportRows.Problem> readProblems(String s) {
        try {
            return Arrays.asList(json.readValue(s, ImportRows.Problem[].class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String write(Object o) {
        try {
            return json.writeValueAsString(o);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

}
