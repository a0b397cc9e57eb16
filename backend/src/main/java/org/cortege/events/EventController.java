package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;
import org.cortege.shared.Messages;
import org.cortege.shared.RateLimiter;

/**
 * Publishing and managing actions: create, read, change, cancel, move or cancel a date, who comes
 * and who came, and a group's answer to co-organising. Answering is {@link RsvpController}, finding
 * {@link EventFinderController}, calendars {@link CalendarController}. Who may call each route is
 * declared on it ({@link Access}); the rules are the services'.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "events")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class EventController {

    @Serdeable
    record Created(String id, String slug) {
    }

    @Serdeable
    record MoveCommand(@NotBlank @Size(max = 25) String start, @Nullable @Size(max = 25) String end) {
    }

    @Serdeable
    record AttendanceCommand(@NotNull Boolean attended) {
    }

    private final EventService events;
    private final EventViews views;
    private final RsvpService rsvps;
    private final RsvpReplies replies;
    private final DateReports reports;
    private final RateLimiter rateLimiter;

    EventController(EventService events, EventViews views, RsvpService rsvps, RsvpReplies replies, DateReports reports, RateLimiter rateLimiter) {
        this.reports = reports;
        this.replies = replies;
        this.events = events;
        this.views = views;
        this.rsvps = rsvps;
        this.rateLimiter = rateLimiter;
    }

    @Post("/groups/{group}/events")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<Created> create(@PathVariable String group, @Body @Valid EventCommand command, @Caller Person actor) {
        rateLimiter.consume("event-create-per-person", actor.publicId());
        Event e = events.create(actor, group, command);
        return HttpResponse.created(new Created(e.publicId(), e.slug()), URI.create("/api/events/" + e.slug()));
    }

    @Get("/events/{idOrSlug}")
    HttpResponse<EventView> get(@PathVariable String idOrSlug, @Caller @Nullable Person viewer, HttpRequest<?> request) {
        EventView view = views.view(idOrSlug, viewer, Messages.localeOf(request), ids -> rsvps.going(viewer, ids));
        return HttpResponse.ok(view).header("Cache-Control", viewer == null ? "public, max-age=10" : "private, no-store")
                .header("Vary", "Accept-Language, Cookie");
    }

    @Patch("/events/{idOrSlug}")
    @Access(Access.Level.SUPPORTER)
    EventView update(@PathVariable String idOrSlug, @Body @Valid EventCommand command, @Caller Person actor, HttpRequest<?> request) {
        Event e = events.update(actor, idOrSlug, command);
        return views.view(e.publicId(), actor, Messages.localeOf(request), ids -> rsvps.going(actor, ids));
    }

    @Post("/events/{idOrSlug}/cancel")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> cancel(@PathVariable String idOrSlug, @Caller Person me) {
        events.cancel(me, idOrSlug);
        return HttpResponse.noContent();
    }

    @Post("/occurrences/{id}/cancel")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> cancelOccurrence(@PathVariable String id, @Caller Person me) {
        events.cancelOccurrence(me, id);
        return HttpResponse.noContent();
    }

    @Patch("/occurrences/{id}")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> moveOccurrence(@PathVariable String id, @Body @Valid MoveCommand command, @Caller Person me) {
        events.moveOccurrence(me, id, command.start(), command.end());
        return HttpResponse.noContent();
    }

    /** What happened at the date, told by the group's managers once it began (Markdown, sanitized); an empty text removes it. */
    @Put("/occurrences/{id}/report")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> report(@PathVariable String id, @Body @Valid ReportCommand command, @Caller Person me) {
        reports.write(me, id, command.text());
        return HttpResponse.noContent();
    }

    /** A date's report: up to 5 000 characters of Markdown. */
    @io.micronaut.serde.annotation.Serdeable
    record ReportCommand(@io.micronaut.core.annotation.Nullable @jakarta.validation.constraints.Size(max = 5000) String text) {
    }

    /** A date's figures: answered, confirmed the day before, taken back, came, did not come, came for the first time. */
    @Get("/occurrences/{id}/attendance")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<RsvpReplies.Attendance> dateFigures(@PathVariable String id, @Caller Person me) {
        return HttpResponse.ok(replies.attendance(me, id)).header("Cache-Control", "no-store");
    }

    @Get("/occurrences/{id}/participants")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<Participant>> participants(@PathVariable String id, @Caller Person me) {
        return HttpResponse.ok(rsvps.participants(me, id)).header("Cache-Control", "no-store");
    }

    @Patch("/occurrences/{id}/participants/{rsvpId}")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> attendance(@PathVariable String id, @PathVariable String rsvpId, @Body @Valid AttendanceCommand command, @Caller Person me) {
        rsvps.setAttended(me, id, rsvpId, command.attended());
        return HttpResponse.noContent();
    }

    /** What the group was asked to co-organise (its managers only). */
    @Get("/groups/{group}/cohost-invitations")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<EventService.CohostInvitation>> invitations(@PathVariable String group, @Caller Person me, HttpRequest<?> request) {
        return HttpResponse.ok(events.invitations(me, group, Messages.localeOf(request))).header("Cache-Control", "no-store");
    }

    @Serdeable
    record AnswerCommand(@jakarta.validation.constraints.NotNull Boolean accept) {
    }

    /** The group's managers accept or decline co-organising the action (or withdraw an acceptance). */
    @Put("/groups/{group}/cohost-invitations/{event}")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> answer(@PathVariable String group, @PathVariable String event, @Body @Valid AnswerCommand command, @Caller Person me) {
        events.answerInvitation(me, group, event, command.accept());
        return HttpResponse.noContent();
    }

}
