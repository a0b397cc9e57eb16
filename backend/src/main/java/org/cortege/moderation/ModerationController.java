package org.cortege.moderation;

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
import org.cortege.people.SessionService;
import org.cortege.shared.ApiException;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.Paging;
import org.cortege.shared.RateLimiter;

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class ModerationController {

    private final ModerationService moderation;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    ModerationController(ModerationService moderation, SessionService sessions, RateLimiter rateLimiter, ClientAddress addresses) {
        this.moderation = moderation;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    /** Anyone, even anonymous, may report; 202, rate-limited per address. */
    @Post("/reports")
    HttpResponse<?> report(@Body @Valid ReportCommand command, HttpRequest<?> request) {
        rateLimiter.consume("report-per-ip", addresses.of(request));
        moderation.report(command, sessions.current(request).orElse(null));
        return HttpResponse.accepted();
    }

    @Get("/admin/reports")
    HttpResponse<List<ReportView>> queue(@Nullable @QueryValue String status, @Nullable @QueryValue Integer page, HttpRequest<?> request) {
        sessions.requireAdmin(request);
        String s = status == null ? Report.OPEN : status;
        if (!s.equals(Report.OPEN) && !s.equals(Report.CLOSED)) {
            throw ApiException.invalidField("status", "validation.Invalid");
        }
        return HttpResponse.ok(moderation.queue(s, Paging.page(page))).header("Cache-Control", "no-store");
    }

    @Post("/admin/reports/{id}/close")
    HttpResponse<?> close(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        moderation.closeReport(sessions.requireAdmin(request), id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/groups/{id}/hide")
    HttpResponse<?> hide(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        moderation.hideGroup(sessions.requireAdmin(request), id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/groups/{id}/restore")
    HttpResponse<?> restore(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        moderation.restoreGroup(sessions.requireAdmin(request), id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/events/{id}/hide")
    HttpResponse<?> hideEvent(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        moderation.hideEvent(sessions.requireAdmin(request), id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/events/{id}/restore")
    HttpResponse<?> restoreEvent(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        moderation.restoreEvent(sessions.requireAdmin(request), id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Post("/admin/people/{id}/ban")
    HttpResponse<?> ban(@PathVariable String id, @Body @Valid ModerationCommand command, HttpRequest<?> request) {
        Person admin = sessions.requireAdmin(request);
        moderation.ban(admin, id, command.reason().strip());
        return HttpResponse.noContent();
    }

    @Get("/admin/audit")
    HttpResponse<List<AuditView>> audit(@Nullable @QueryValue Integer page, HttpRequest<?> request) {
        sessions.requireAdmin(request);
        return HttpResponse.ok(moderation.auditLog(Paging.page(page))).header("Cache-Control", "no-store");
    }
}
