package org.cortege.privacy;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.cortege.admin.Staff;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.NoStore;

/**
 * For admins: who read or took personal data ({@code GET /api/admin/access-log}: person pages
 * opened, corrections, exports, imports, erasures, staff sign-ins; {@code POST …/export}: the same
 * as CSV for the DPO), and erasing a person on their written request
 * ({@code DELETE /api/admin/people/{id}}).
 */
@Access(Access.Level.ADMIN)
@Tag(name = "privacy")
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccessLogController {

    /** {@code POST /api/admin/access-log/export}: the whole log, or one staff member's part ({@code actor}, a public id). */
    @io.micronaut.serde.annotation.Serdeable
    record ExportCommand(@Nullable @jakarta.validation.constraints.Size(max = 24) String actor) {
    }

    private final PersonService people;
    private final PersonalDataService data;
    private final AccessLogService accessLog;

    AccessLogController(PersonService people, PersonalDataService data, AccessLogService accessLog) {
        this.people = people;
        this.data = data;
        this.accessLog = accessLog;
    }

    /** Newest first, 50 a page; {@code actor}: one staff member's public id. */
    @Get("/access-log{?page,actor}")
    HttpResponse<AccessLogService.AccessPage> log(@Nullable @QueryValue Integer page, @Nullable @QueryValue String actor) {
        int p = page == null ? 1 : page;
        if (p < 1 || p > 10_000) {
            throw ApiException.invalidField("page", "validation.page");
        }
        return NoStore.ok(accessLog.page(p, actor));
    }

    /** The log as a CSV file for the DPO (newest first, at most 200 000 entries); the export itself is logged. */
    @io.micronaut.http.annotation.Post(value = "/access-log/export", produces = "text/csv")
    HttpResponse<byte[]> export(@io.micronaut.http.annotation.Body @jakarta.validation.Valid ExportCommand command, @Caller Staff admin,
                                io.micronaut.http.HttpRequest<?> request) {
        byte[] file = accessLog.csv(command.actor(), org.cortege.shared.Messages.localeOf(request), admin.person());
        String day = java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString();
        return HttpResponse.ok(file).contentType("text/csv; charset=utf-8").header("Cache-Control", "no-store")
                .header("Content-Disposition", "attachment; filename=\"access-log-" + day + ".csv\"");
    }

    /** Erases a person on their request (a letter to the data protection contact); admins only. */
    @Delete("/people/{id}")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> erase(@PathVariable String id, @Caller Staff admin) {
        var person = people.findByPublicId(id)
                .orElseThrow(() -> ApiException.of(io.micronaut.http.HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound"));
        data.erase(person, admin.person());
        return HttpResponse.noContent();
    }
}
