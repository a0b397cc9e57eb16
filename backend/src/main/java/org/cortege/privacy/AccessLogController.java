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
 * opened, corrections, exports, imports, erasures), and erasing a person on their written request
 * ({@code DELETE /api/admin/people/{id}}).
 */
@Access(Access.Level.ADMIN)
@Tag(name = "privacy")
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccessLogController {

    private final PersonService people;
    private final PersonalDataService data;

    AccessLogController(PersonService people, PersonalDataService data) {
        this.people = people;
        this.data = data;
    }

    /** Newest first, 50 a page; {@code actor}: one staff member's public id. */
    @Get("/access-log{?page,actor}")
    HttpResponse<PersonalDataService.AccessPage> log(@Nullable @QueryValue Integer page, @Nullable @QueryValue String actor) {
        int p = page == null ? 1 : page;
        if (p < 1 || p > 10_000) {
            throw ApiException.invalidField("page", "validation.page");
        }
        return NoStore.ok(data.accessLog(p, actor));
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
