package org.cortege.moderation;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import java.util.List;
import org.cortege.people.Person;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.Paging;
import org.cortege.shared.RateLimiter;

@Access(Access.Level.VISITOR)
@Tag(name = "moderation")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class ModerationController {

    private final ModerationService moderation;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    ModerationController(ModerationService moderation, RateLimiter rateLimiter, ClientAddress addresses) {
        this.moderation = moderation;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    /** Anyone, even anonymous, may report; 202, rate-limited per address. */
    @Post("/reports")
    @ApiResponse(responseCode = "202", description = "Accepted")
    HttpResponse<?> report(@Body @Valid ReportCommand command, @Caller @Nullable Person viewer, HttpRequest<?> request) {
        rateLimiter.consume("report-per-ip", addresses.of(request));
        moderation.report(command, viewer);
        return HttpResponse.accepted();
    }

    @Get("/admin/reports")
    @Access(Access.Level.ADMIN)
    HttpResponse<List<ReportView>> queue(@Nullable @QueryValue ReportStatus status, @Nullable @QueryValue Integer page, @Caller Person me) {
        return HttpResponse.ok(moderation.queue(status == null ? ReportStatus.OPEN : status, Paging.page(page))).header("Cache-Control", "no-store");
    }

    @Post("/admin/reports/{id}/close")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> close(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person me) {
        moderation.closeReport(me, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/groups/{id}/hide")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> hide(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person me) {
        moderation.hideGroup(me, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/groups/{id}/restore")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> restore(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person me) {
        moderation.restoreGroup(me, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/events/{id}/hide")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> hideEvent(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person me) {
        moderation.hideEvent(me, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/events/{id}/restore")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> restoreEvent(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person me) {
        moderation.restoreEvent(me, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/people/{id}/ban")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> ban(@PathVariable String id, @Body @Valid ModerationCommand command, @Caller Person admin) {
        moderation.ban(admin, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Get("/admin/audit")
    @Access(Access.Level.ADMIN)
    HttpResponse<List<AuditView>> audit(@Nullable @QueryValue Integer page, @Caller Person me) {
        return HttpResponse.ok(moderation.auditLog(Paging.page(page))).header("Cache-Control", "no-store");
    }
}
