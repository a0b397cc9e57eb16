package org.cortege.admin.csv;

import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVPrinter;
import org.cortege.admin.ContactRow;
import org.cortege.admin.ContactService;
import org.cortege.admin.SegmentRule;
import org.cortege.admin.Staff;
import org.cortege.moderation.AuditLog;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Sql;

/**
 * CSV exports of a search or a segment, with the columns the admin picks: UTF-8 with a byte-order
 * mark and semicolons, as French spreadsheets open them. Every export is logged (who, when, which
 * selection, how many rows) because this is the file everyone wants to steal; cells that a
 * spreadsheet would run as a formula are neutralised.
 */
@Singleton
public class ExportService {

    public static final List<String> COLUMNS = List.of("firstName", "lastName", "email", "phone", "postalCode", "commune",
            "departement", "birthDate", "age", "interests", "tags", "groups", "attended", "createdAt", "source", "lastActiveAt",
            "emailConsent", "status");

    static final int BATCH = 2000;

    private final ContactService contacts;
    private final Sql sql;
    private final AuditLog audit;
    private final Messages messages;
    private final InstanceSettings settings;

    private final org.cortege.people.Admins admins;
    private final org.cortege.mail.MailService mail;
    private final long alertRows;

    ExportService(ContactService contacts, Sql sql, AuditLog audit, Messages messages, InstanceSettings settings,
                  org.cortege.people.Admins admins, org.cortege.mail.MailService mail,
                  @io.micronaut.context.annotation.Property(name = "cortege.alerts.export-rows-per-day") long alertRows) {
        this.admins = admins;
        this.mail = mail;
        this.alertRows = alertRows;
        this.contacts = contacts;
        this.sql = sql;
        this.audit = audit;
        this.messages = messages;
        this.settings = settings;
    }

    /** An export ready to be written: its log row is already there. */
    public record Prepared(long logId, Staff staff, @Nullable String text, @Nullable SegmentRule rule, List<String> columns,
                           char delimiter, Locale locale) {
    }

    /**
     * Checks the request and logs it before a byte is written.
     *
     * @throws ApiException 400 on an unknown or missing column, a bad rule
     */
    public Prepared prepare(Staff staff, @Nullable String text, @Nullable SegmentRule rule, String description, List<String> columns,
                            @Nullable String delimiter, Locale locale) {
        if (columns == null || columns.isEmpty()) {
            throw ApiException.invalidField("columns", "validation.SizeList", 1, COLUMNS.size());
        }
        for (String c : columns) {
            if (!COLUMNS.contains(c)) {
                throw ApiException.invalidField("columns", "import.error.field", c);
            }
        }
        char d = delimiter == null || delimiter.isEmpty() ? ';' : delimiter.charAt(0);
        if (d != ';' && d != ',' && d != '\t') {
            throw ApiException.invalidField("delimiter", "validation.Invalid");
        }
        contacts.count(staff, text, rule); // refuses a bad rule with a 400 now rather than in the middle of the file
        String desc = description.length() > 1000 ? description.substring(0, 999) + "…" : description;
        sql.update("INSERT INTO contact_export (created_by, created_at, selection, columns) VALUES (?, ?, ?, ?)",
                List.of(staff.person().id(), Instant.now(), desc, String.join(",", columns)));
        long id = sql.number("SELECT MAX(id) FROM contact_export WHERE created_by = ?", List.of(staff.person().id()));
        audit.record(staff.person(), "export.start", "export", Long.toString(id), desc);
        return new Prepared(id, staff, text, rule, List.copyOf(columns), d, locale);
    }

    /**
     * Writes the file batch by batch, recording how many rows went out after each (an abandoned
     * download counts what it took), then checks whether the day's exports are unusual.
     */
    public long write(Prepared p, OutputStream out) throws IOException {
        try {
            long count = print(p, out);
            sql.update("UPDATE contact_export SET row_count = ?, finished_at = ? WHERE id = ?", List.of(count, Instant.now(), p.logId()));
            return count;
        } finally {
            alertIfUnusual(p.staff());
        }
    }

    private long print(Prepared p, OutputStream out) throws IOException {
        Writer writer = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        writer.write('\uFEFF');
        long count = 0;
        try (CSVPrinter printer = CsvFiles.format(p.delimiter()).builder().setRecordSeparator("\r\n").get().print(writer)) {
            List<String> header = new ArrayList<>();
            for (String c : p.columns()) {
                header.add(messages.get(p.locale(), "export.column." + c));
            }
            printer.printRecord(header);
            long after = 0;
            while (true) {
                ContactService.ExportBatch batch = contacts.exportBatch(p.staff(), p.text(), p.rule(), after, BATCH);
                for (ContactService.Exported e : batch.rows()) {
                    List<String> cells = new ArrayList<>();
                    for (String c : p.columns()) {
                        cells.add(neutralise(cell(e, c, p.locale())));
                    }
                    printer.printRecord(cells);
                    count++;
                }
                printer.flush();
                sql.update("UPDATE contact_export SET row_count = ? WHERE id = ?", List.of(count, p.logId()));
                if (batch.rows().size() < BATCH) {
                    break;
                }
                after = batch.lastId();
            }
        }
        return count;
    }

    /**
     * A staff member who exported more than {@code cortege.alerts.export-rows-per-day} rows in 24
     * hours (a stolen session emptying the file, an organizer leaving with it) gets the admins told
     * by mail, at most once a day per staff member (the alert is in the audit log); 0 turns it off.
     */
    @io.micronaut.transaction.annotation.Transactional
    void alertIfUnusual(Staff staff) {
        if (alertRows <= 0) {
            return;
        }
        Instant now = Instant.now();
        Instant dayAgo = now.minus(java.time.Duration.ofDays(1));
        long rows = sql.number("SELECT COALESCE(SUM(row_count), 0) FROM contact_export WHERE created_by = ? AND created_at > ?",
                List.of(staff.person().id(), dayAgo));
        String who = staff.person().publicId();
        if (rows < alertRows || audit.on("person", who, List.of("export.alert"), 1).stream().anyMatch(e -> e.at().isAfter(dayAgo))) {
            return;
        }
        audit.record(null, "export.alert", "person", who, rows + " rows in 24 hours");
        String name = staff.person().firstName() + " " + staff.person().lastName();
        for (org.cortege.people.Person admin : admins.admins()) {
            mail.enqueue(new org.cortege.mail.MailMessage(admin.email(), admin.id(), "export-alert", Locale.forLanguageTag(admin.locale()),
                    new Object[] {admin.firstName(), settings.organizationName(), name, rows, alertRows},
                    settings.publicUrl() + "/admin/journal-des-acces?actor=" + who, null, true));
        }
    }

    /** The export log, newest first. */
    @io.micronaut.serde.annotation.Serdeable
    public record LogEntry(long id, @Nullable String by, Instant at, String selection, String columns, @Nullable Long rows,
                           @Nullable Instant finishedAt) {
    }

    public List<LogEntry> log(int page) {
        return sql.list("SELECT e.id, CONCAT(p.first_name, ' ', p.last_name), e.created_at, e.selection, e.columns, e.row_count, "
                        + "e.finished_at FROM contact_export e LEFT JOIN person p ON p.id = e.created_by ORDER BY e.id DESC LIMIT 100 OFFSET ?",
                List.of((page - 1) * 100), rs -> new LogEntry(rs.getLong(1), rs.getString(2), rs.getTimestamp(3).toInstant(),
                        rs.getString(4), rs.getString(5), rs.getObject(6, Long.class),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant()));
    }

    /**
     * OWASP's CSV injection advice: a cell that starts like a formula (= + - @, tab, carriage
     * return) is prefixed with a quote, so a spreadsheet shows it as text instead of running it.
     */
    public static String neutralise(String cell) {
        if (cell == null || cell.isEmpty()) {
            return "";
        }
        char c = cell.charAt(0);
        return c == '=' || c == '+' || c == '-' || c == '@' || c == '\t' || c == '\r' ? "'" + cell : cell;
    }

    private String cell(ContactService.Exported e, String column, Locale locale) {
        ContactRow r = e.row();
        ZoneId zone = settings.timeZone();
        DateTimeFormatter dateTime = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(zone);
        return switch (column) {
            case "firstName" -> r.firstName();
            case "lastName" -> r.lastName();
            case "email" -> r.email();
            case "phone" -> r.phone();
            case "postalCode" -> r.postalCode();
            case "commune" -> r.commune();
            case "departement" -> r.departement();
            case "birthDate" -> e.birthDate() == null ? "" : e.birthDate().toString();
            case "age" -> r.age() == null ? "" : Integer.toString(r.age());
            case "interests" -> String.join(", ", r.interests());
            case "tags" -> r.tags().stream().map(ContactRow.TagRef::name).collect(Collectors.joining(", "));
            case "groups" -> r.groups().stream().map(g -> g.name() + " (" + g.role() + ")").collect(Collectors.joining(", "));
            case "attended" -> Integer.toString(r.attended());
            case "createdAt" -> dateTime.format(r.createdAt());
            case "source" -> r.source();
            case "lastActiveAt" -> r.lastActiveAt() == null ? "" : dateTime.format(r.lastActiveAt());
            case "emailConsent" -> messages.get(locale, r.emailConsent() ? "export.yes" : "export.no");
            case "status" -> r.status().name();
            default -> "";
        };
    }
}
