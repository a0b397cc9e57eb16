package org.cortege.events;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.cortege.geo.GeoService;
import org.cortege.groups.GroupService;
import org.cortege.groups.SupportGroup;
import org.cortege.people.Inputs;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.Paging;
import org.cortege.shared.RateLimiter;

/**
 * The actions' HTTP API: publishing and managing them, answering "je viens", finding them (lists,
 * the map) and their calendars. Who may call each route is declared on it ({@link Access}); the
 * rules are the services'.
 * Why it is long: those four families of routes are still one controller; they are the seams along
 * which it splits next.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "events")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class EventController {

    static final MediaType CALENDAR = MediaType.of("text/calendar; charset=utf-8");

    @Serdeable
    record Created(String id, String slug) {
    }

    @Serdeable
    record EventPage(List<EventSummary> items, int page, int size, long total, boolean totalCapped) {
    }

    @Serdeable
    record RsvpCommand(@Nullable Boolean shareContact) {
    }

    @Serdeable
    record GuestRsvpCommand(@NotBlank @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String name,
                            @NotBlank @Size(max = 254) @Pattern(regexp = Inputs.EMAIL, message = "validation.email") String email,
                            @Nullable Boolean shareContact) {
    }

    @Serdeable
    record MoveCommand(@NotBlank @Size(max = 25) String start, @Nullable @Size(max = 25) String end) {
    }

    @Serdeable
    record AttendanceCommand(@NotNull Boolean attended) {
    }

    @Serdeable
    record TokenCommand(@NotBlank @Size(max = 100) String token) {
    }

    @Serdeable
    record SignedCommand(@NotBlank @Size(max = 24) String id, @NotBlank @Size(max = 100) String signature) {
    }

    @Serdeable
    record AnswerView(String occurrenceId, int rsvpCount, boolean going) {
    }

    @Serdeable
    record FeedView(@Nullable String url, @Nullable Instant createdAt) {
    }

    private final EventService events;
    private final RsvpService rsvps;
    private final EventSearch search;
    private final CalendarService calendars;
    private final MapService map;
    private final GroupService groups;
    private final GeoService geo;
    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;
    private final InstanceSettings settings;
    private final EventTypes types;

    EventController(EventService events, RsvpService rsvps, EventSearch search, CalendarService calendars, MapService map,
                    GroupService groups, GeoService geo, RateLimiter rateLimiter, ClientAddress clientAddress,
                    InstanceSettings settings, EventTypes types) {
        this.events = events;
        this.rsvps = rsvps;
        this.search = search;
        this.calendars = calendars;
        this.map = map;
        this.groups = groups;
        this.geo = geo;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
        this.settings = settings;
        this.types = types;
    }

    // Publishing and managing

    @Post("/groups/{group}/events")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<Created> create(@PathVariable String group, @Body @Valid EventCommand command, @Caller Person actor) {
        rateLimiter.consume("event-create-per-person", actor.publicId());
        Event e = events.create(actor, group, command);
        return HttpResponse.created(new Created(e.publicId(), e.slug()), URI.create("/api/events/" + e.slug()));
    }

    @Get("/events/{idOrSlug}")
    HttpResponse<EventView> get(@PathVariable String idOrSlug, @Caller @Nullable Person viewer, HttpRequest<?> request) {
        EventView view = events.view(idOrSlug, viewer, Messages.localeOf(request), ids -> rsvps.going(viewer, ids));
        return HttpResponse.ok(view).header("Cache-Control", viewer == null ? "public, max-age=10" : "private, no-store")
                .header("Vary", "Accept-Language, Cookie");
    }

    @Patch("/events/{idOrSlug}")
    @Access(Access.Level.SUPPORTER)
    EventView update(@PathVariable String idOrSlug, @Body @Valid EventCommand command, @Caller Person actor, HttpRequest<?> request) {
        Event e = events.update(actor, idOrSlug, command);
        return events.view(e.publicId(), actor, Messages.localeOf(request), ids -> rsvps.going(actor, ids));
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

    // Answering

    @Post("/occurrences/{id}/rsvp")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<AnswerView> rsvp(@PathVariable String id, @Body @Nullable RsvpCommand command, @Caller Person person) {
        Occurrence o = rsvps.rsvp(person, id, command != null && Boolean.TRUE.equals(command.shareContact()));
        return HttpResponse.created(new AnswerView(o.publicId(), o.rsvpCount(), true));
    }

    @Delete("/occurrences/{id}/rsvp")
    @Access(Access.Level.SUPPORTER)
    AnswerView cancelRsvp(@PathVariable String id, @Caller Person me) {
        Occurrence o = rsvps.cancel(me, id);
        return new AnswerView(o.publicId(), o.rsvpCount(), false);
    }

    /** A visitor's answer: always 202, a confirmation link goes to the address. */
    @Post("/occurrences/{id}/guest-rsvp")
    @ApiResponse(responseCode = "202", description = "Accepted: what follows happens by mail")
    HttpResponse<?> guestRsvp(@PathVariable String id, @Body @Valid GuestRsvpCommand command, HttpRequest<?> request) {
        rateLimiter.consume("guest-rsvp-per-ip", clientAddress.of(request));
        rateLimiter.consume("guest-rsvp-per-email", Inputs.normalizeEmail(command.email()));
        rsvps.guestRsvp(id, command.name(), command.email(), Boolean.TRUE.equals(command.shareContact()), Messages.localeOf(request));
        return HttpResponse.accepted();
    }

    @Post("/rsvp/confirm")
    RsvpService.GuestRsvpView confirmGuest(@Body @Valid TokenCommand command, HttpRequest<?> request) {
        rateLimiter.consume("confirm-per-ip", clientAddress.of(request));
        return rsvps.confirmGuest(command.token());
    }

    @Post("/rsvp/view")
    RsvpService.GuestRsvpView guestView(@Body @Valid SignedCommand command) {
        return rsvps.guestView(command.id(), command.signature());
    }

    @Post("/rsvp/cancel")
    RsvpService.GuestRsvpView guestCancel(@Body @Valid SignedCommand command) {
        return rsvps.guestCancel(command.id(), command.signature());
    }

    // Finding

    /** {@code near}: postal code or "lat,lng"; {@code from}/{@code to}: dates; {@code sort}: date or distance. */
    @Get("/events")
    HttpResponse<EventPage> list(@Nullable @QueryValue String near, @Nullable @QueryValue Double radiusKm,
                                              @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                              @Nullable @QueryValue String type, @Nullable @QueryValue String group,
                                              @Nullable @QueryValue String sort, @Nullable @QueryValue Integer page,
                                              @Nullable @QueryValue Integer size, HttpRequest<?> request) {
        int p = Paging.page(page);
        int s = size == null ? 20 : size;
        if (s < 1 || s > 50) {
            throw ApiException.invalidField("size", "validation.pageSize");
        }
        Locale locale = Messages.localeOf(request);
        EventSearch.Query q = query(near, radiusKm, from, to, type, group, sort, p, s);
        EventSearch.Page found = search.search(q, locale);
        return HttpResponse.ok(new EventPage(found.items(), p, s, found.total(), found.totalCapped()))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
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

    @Get("/me/events")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<EventSummary>> mine(@Caller Person person, HttpRequest<?> request) {
        List<Long> ids = rsvps.occurrencesOf(person, Instant.now()).stream().map(Occurrence::id).toList();
        return HttpResponse.ok(search.byIds(ids, Messages.localeOf(request))).header("Cache-Control", "no-store");
    }

    @Get("/map")
    HttpResponse<GeoJson.FeatureCollection> map(@Nullable @QueryValue String bbox, @Nullable @QueryValue String zoom,
                                          @Nullable @QueryValue String layers, @Nullable @QueryValue String from,
                                          @Nullable @QueryValue String to, HttpRequest<?> request) {
        double[] b = EventQueryParams.bbox(bbox);
        int z;
        try {
            z = Integer.parseInt(zoom == null ? "" : zoom.strip());
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("zoom", "validation.zoom");
        }
        if (z < 0 || z > 20) {
            throw ApiException.invalidField("zoom", "validation.zoom");
        }
        boolean withGroups = true;
        boolean withEvents = true;
        if (layers != null && !layers.isBlank()) {
            List<String> ls = List.of(layers.split(","));
            if (ls.size() > 2 || ls.stream().anyMatch(l -> !l.equals("groups") && !l.equals("events"))) {
                throw ApiException.invalidField("layers", "validation.layers");
            }
            withGroups = ls.contains("groups");
            withEvents = ls.contains("events");
        }
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Instant today = LocalDate.now(zone).atStartOfDay(zone).toInstant();
        Instant f = EventQueryParams.instant(from, "from", zone, today, now);
        Instant t = EventQueryParams.instant(to, "to", zone, f.plus(Duration.ofDays(90)), now);
        EventQueryParams.checkWindow(f, t);
        GeoJson.FeatureCollection fc = map.featureCollection(new MapService.Query(b[0], b[1], b[2], b[3], z, withGroups, withEvents, f, t,
                Messages.localeOf(request)));
        return HttpResponse.ok(fc).contentType(MediaType.of("application/geo+json"))
                .header("Cache-Control", "public, max-age=10").header("Vary", "Accept-Language");
    }

    // Calendars

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
    HttpResponse<String> movementFeed(@Nullable @QueryValue String near, @Nullable @QueryValue Double radiusKm,
                                      @Nullable @QueryValue String from, @Nullable @QueryValue String to,
                                      @Nullable @QueryValue String type, @Nullable @QueryValue String group, HttpRequest<?> request) {
        EventSearch.Query q = query(near, radiusKm, from, to, type, group, "date", 1, CalendarService.MAX_ITEMS);
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

    private EventSearch.Query query(String near, Double radiusKm, String from, String to, String type, String group, String sort,
                                    int page, int size) {
        double radius = radiusKm == null ? 20 : radiusKm;
        if (!(radius >= 1 && radius <= 200)) {
            throw ApiException.invalidField("radiusKm", "validation.radius");
        }
        double[] point = geo.near(near);
        ZoneId zone = settings.timeZone();
        Instant now = Instant.now();
        Instant f = EventQueryParams.instant(from, "from", zone, now, now);
        Instant t = EventQueryParams.instant(to, "to", zone, f.plus(Duration.ofDays(365)), now);
        EventQueryParams.checkWindow(f, t);
        if (type != null && !type.isBlank() && !types.exists(type)) {
            throw ApiException.invalidField("type", "validation.eventTypeUnknown");
        }
        Long groupId = null;
        if (group != null && !group.isBlank()) {
            SupportGroup g = groups.find(group);
            if (g.isHidden()) {
                throw ApiException.of(HttpStatus.GONE, "group-hidden", "problem.groupHidden");
            }
            groupId = g.id();
        }
        if (sort != null && !sort.equals("date") && !sort.equals("distance")) {
            throw ApiException.invalidField("sort", "validation.sort");
        }
        return new EventSearch.Query(point == null ? null : point[0], point == null ? null : point[1], radius, f, t,
                type == null || type.isBlank() ? null : type, groupId, groupId != null, "distance".equals(sort), page, size);
    }

    private static MutableHttpResponse<String> calendar(String body, String downloadName, String cacheControl) {
        MutableHttpResponse<String> r = HttpResponse.ok(body).contentType(CALENDAR).header("Cache-Control", cacheControl);
        if (downloadName != null) {
            r.header("Content-Disposition", "attachment; filename=\"" + downloadName + "\"");
        }
        return r;
    }
}
