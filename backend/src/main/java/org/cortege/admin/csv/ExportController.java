package org.cortege.admin.csv;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.server.types.files.StreamedFile;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.inject.Named;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.ExecutorService;
import org.cortege.admin.ContactService;
import org.cortege.admin.Selection;
import org.cortege.admin.SegmentRule;
import org.cortege.admin.SegmentService;
import org.cortege.admin.Staff;
import org.cortege.shared.Messages;
import org.cortege.shared.Paging;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/admin/exports}: the people a selection picks, as a CSV download streamed batch
 * by batch (memory stays flat however many rows); {@code GET /api/admin/exports}: the export log,
 * for admins.
 */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin/exports")
@ExecuteOn(TaskExecutors.BLOCKING)
class ExportController {

    private static final Logger LOG = LoggerFactory.getLogger(ExportController.class);

    @Serdeable
    record ExportCommand(@NotNull @Valid Selection selection, @NotNull @Size(min = 1, max = 30) List<String> columns,
                         @Nullable @Size(max = 1) String delimiter) {
    }

    private final ExportService exports;
    private final ContactService contacts;
    private final SegmentService segments;
    private final ExecutorService executor;

    ExportController(ExportService exports, ContactService contacts, SegmentService segments,
                     @Named(TaskExecutors.BLOCKING) ExecutorService executor) {
        this.exports = exports;
        this.contacts = contacts;
        this.segments = segments;
        this.executor = executor;
    }

    @Post(produces = "text/csv")
    HttpResponse<StreamedFile> export(@Body @Valid ExportCommand command, @Caller Staff s, HttpRequest<?> request) throws IOException {
        Selection sel = command.selection();
        SegmentRule rule = contacts.ruleOf(sel);
        String description = describe(sel);
        ExportService.Prepared prepared = exports.prepare(s, sel.q(), rule, description, command.columns(), command.delimiter(),
                Messages.localeOf(request));
        PipedInputStream in = new PipedInputStream(64 * 1024);
        PipedOutputStream out = new PipedOutputStream(in);
        executor.submit(() -> {
            try (out) {
                exports.write(prepared, out);
            } catch (IOException | RuntimeException e) {
                // The download was abandoned (or the database went away): the log keeps it without a row count.
                LOG.warn("Export #{} not finished: {}", prepared.logId(), org.cortege.shared.UnexpectedExceptionHandler.SafeStackTrace.of(e));
            }
            return null;
        });
        StreamedFile file = new StreamedFile(in, new MediaType("text/csv; charset=utf-8"));
        file.attach("contacts-" + LocalDate.now() + ".csv");
        return HttpResponse.ok(file).header("Cache-Control", "no-store");
    }

    @Get
    @Access(Access.Level.ADMIN)
    HttpResponse<List<ExportService.LogEntry>> log(@Nullable @QueryValue Integer page, @Caller Staff caller) {
        return HttpResponse.ok(exports.log(Paging.page(page))).header("Cache-Control", "no-store");
    }

    private String describe(Selection sel) {
        StringBuilder d = new StringBuilder();
        if (sel.segment() != null && !sel.segment().isBlank()) {
            d.append("segment: ").append(segments.get(sel.segment()).name());
        }
        if (sel.q() != null && !sel.q().isBlank()) {
            d.append(d.length() > 0 ? "; " : "").append("search: ").append(sel.q().strip());
        }
        if (sel.rule() != null) {
            d.append(d.length() > 0 ? "; " : "").append("filter");
        }
        if (sel.people() != null) {
            d.append(d.length() > 0 ? "; " : "").append(sel.people().size()).append(" people ticked");
        }
        return d.length() == 0 ? "everyone" : d.toString();
    }
}
