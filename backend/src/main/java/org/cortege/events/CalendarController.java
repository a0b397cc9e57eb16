package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.time.Instant;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;
import org.cortege.shared.Caller;
import org.cortege.shared.Messages;

/**
 * The actions as iCalendar (RFC 5545): a group's feed, the movement's (with the list's filters), one
 * date as a file, and a supporter's private feed of the dates they come to, whose secret link they
 * create, renew or delete.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "events")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class CalendarController {

    static final MediaType CALENDAR = MediaType.of("text/calendar; charset=utf-8");

    @Serdeable
    record FeedView(@Nullable String url, @Nullable Instant createdAt) {
    }

    private final EventService events;
    private final CalendarService calendars;
    private final GroupService groups;
    private final EventQueries queries;

    CalendarController(EventService events, CalendarService calendars, GroupService groups, EventQueries queries) {
        this.events = events;
        this.calendars = calendars;
        this.groups = groups;
        this.queries = queries;
    }

    @Get("/groups/{group}/events.ics")
    @Produces({"text/calendar", MediaType.ALL})
    HttpResponse<String> groupFeed(@PathVariable String group) {
        SupportGroup g = groups.find(group);
        if (g.isHidden()) {
            throw ApiException.of(HttpStatus.GONE, "group-hidden", "problem.groupHidden");
        }
        return calendar(calendars.groupFeed(g), null, "public, max-age=300");
    }

    @Get("/events.ics")
    @Produces({"text/calendar", MediaType.ALL})
    HttpResponse<String> movementFeed(@Valid @RequestBean ActionQueries.FeedQuery query, HttpRequest<?> request) {
        EventSearch.Query q = queries.query(query.near(), query.radiusKm(), query.from(), query.to(), query.type(), query.group(),
                false, 1, CalendarService.MAX_ITEMS);
        return calendar(calendars.movementFeed(new EventSearch.Query(q.lat(), q.lng(), q.radiusKm(), q.from(), q.to(), q.type(),
                q.group(), true, false, 1, 500), Messages.localeOf(request)), null, "public, max-age=300");
    }

    @Get("/occurrences/{id}.ics")
    @Produces({"text/calendar", MediaType.ALL})
    HttpResponse<String> occurrenceFile(@PathVariable String id) {
        Occurrence o = events.findOccurrence(id);
        if (Occurrence.HIDDEN.equals(o.state())) {
            throw EventService.hidden();
        }
        Event e = events.byId(o.eventId());
        return calendar(calendars.occurrenceFile(o), e.slug() + ".ics", "public, max-age=60");
    }

    @Get("/calendar/{token}.ics")
    @Produces({"text/calendar", MediaType.ALL})
    HttpResponse<String> personalFeed(@PathVariable String token) {
        String feed = calendars.personalFeed(token)
                .orElseThrow(() -> ApiException.of(HttpStatus.NOT_FOUND, "feed-not-found", "problem.feedNotFound"));
        return calendar(feed, null, "private, no-store").header("Referrer-Policy", "no-referrer");
    }

    @Get("/me/calendar-feed")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<FeedView> feed(@Caller Person person) {
        return HttpResponse.ok(new FeedView(null, calendars.feedCreatedAt(person).orElse(null))).header("Cache-Control", "no-store");
    }

    /** A new secret link (the previous one stops working); the only time the link is shown. */
    @Post("/me/calendar-feed")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<FeedView> renewFeed(@Caller Person person) {
        String url = calendars.renewFeed(person);
        return HttpResponse.created(new FeedView(url, Instant.now())).header("Cache-Control", "no-store");
    }

    @Delete("/me/calendar-feed")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> deleteFeed(@Caller Person me) {
        calendars.deleteFeed(me);
        return HttpResponse.noContent();
    }

    private static MutableHttpResponse<String> calendar(String body, String downloadName, String cacheControl) {
        MutableHttpResponse<String> r = HttpResponse.ok(body).contentType(CALENDAR).header("Cache-Control", cacheControl);
        if (downloadName != null) {
            r.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        return r;
    }
}
