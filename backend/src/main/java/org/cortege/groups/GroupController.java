package org.cortege.groups;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.http.annotation.RequestBean;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.cortege.geo.GeoService;
import org.cortege.people.Person;
import org.cortege.shared.ApiException;
import org.cortege.shared.Messages;
import org.cortege.shared.Paging;
import org.cortege.shared.RateLimiter;

@Access(Access.Level.VISITOR)
@Tag(name = "groups")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class GroupController {

    @Serdeable
    record Created(String id, String slug) {
    }

    /** A page of the groups found; {@code total} is exact up to 1 000; past it, 1 000 with {@code totalCapped}. */
    @Serdeable
    record GroupPage(List<GroupSummary> items, int page, int size, long total, boolean totalCapped) {
    }

    @Serdeable
    record MembershipView(String group, MemberRole role, boolean shareContact) {
        static MembershipView of(String group, Membership m) {
            return new MembershipView(group, m.role(), m.shareContact());
        }
    }

    private final GroupService groups;
    private final GeoService geo;
    private final RateLimiter rateLimiter;

    private final MembershipService memberships;
    private final GroupMessageService messages;

    GroupController(GroupService groups, MembershipService memberships, GroupMessageService messages, GeoService geo,
                    RateLimiter rateLimiter) {
        this.groups = groups;
        this.memberships = memberships;
        this.messages = messages;
        this.geo = geo;
        this.rateLimiter = rateLimiter;
    }

    @Post("/groups")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<Created> create(@Body @Valid GroupCommand command, @Caller Person founder) {
        rateLimiter.consume("group-create-per-person", founder.publicId());
        SupportGroup g = groups.create(founder, command);
        return HttpResponse.created(new Created(g.publicId(), g.slug()), URI.create("/api/groups/" + g.slug()));
    }

    @Get("/groups/{idOrSlug}")
    HttpResponse<GroupView> get(@PathVariable String idOrSlug, @Caller @Nullable Person viewer, HttpRequest<?> request) {
        GroupView view = groups.view(idOrSlug, viewer, Messages.localeOf(request));
        return HttpResponse.ok(view).header("Cache-Control", viewer == null ? "public, max-age=10" : "private, no-store")
                .header("Vary", "Accept-Language, Cookie");
    }

    @Patch("/groups/{idOrSlug}")
    @Access(Access.Level.SUPPORTER)
    GroupView update(@PathVariable String idOrSlug, @Body @Valid GroupCommand command, @Caller Person actor, HttpRequest<?> request) {
        SupportGroup g = groups.update(actor, idOrSlug, command);
        return groups.view(g.publicId(), actor, Messages.localeOf(request));
    }

    /**
     * {@code near}: a postal code or "lat,lng"; {@code radiusKm} 1–200 (default 20); {@code size} ≤ 50.
     */
    @Get("/groups")
    HttpResponse<GroupPage> list(@Valid @RequestBean GroupListQuery query, HttpRequest<?> request) {
        int p = query.pageOr1();
        int s = query.sizeOr20();
        double[] point = geo.near(query.near());
        Double lat = point == null ? null : point[0];
        Double lng = point == null ? null : point[1];
        Locale locale = Messages.localeOf(request);
        GroupService.Found found = groups.search(new GroupSearch.Query(lat, lng, query.radiusOr20(), query.typeOrNull(), query.text(),
                p, s), locale);
        return HttpResponse.ok(new GroupPage(found.items(), p, s, found.total(), found.totalCapped()))
                .header("Cache-Control", "public, max-age=10")
                .header("Vary", "Accept-Language");
    }

    @Get("/me/groups")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<GroupSummary>> mine(@Caller Person me, HttpRequest<?> request) {
        return HttpResponse.ok(groups.groupsOf(me, Messages.localeOf(request)))
                .header("Cache-Control", "no-store");
    }

    @Post("/groups/{idOrSlug}/membership")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<MembershipView> join(@PathVariable String idOrSlug, @Body @Nullable @Valid JoinCommand command, @Caller Person person) {
        boolean share = command != null && Boolean.TRUE.equals(command.shareContact());
        Membership m = memberships.join(person, idOrSlug, share, command == null ? null : command.source());
        return HttpResponse.created(MembershipView.of(idOrSlug, m));
    }

    @Patch("/groups/{idOrSlug}/membership")
    @Access(Access.Level.SUPPORTER)
    MembershipView updateMembership(@PathVariable String idOrSlug, @Body JoinCommand command, @Caller Person person) {
        return MembershipView.of(idOrSlug, memberships.setShareContact(person, idOrSlug, Boolean.TRUE.equals(command.shareContact())));
    }

    @Delete("/groups/{idOrSlug}/membership")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> leave(@PathVariable String idOrSlug, @Caller Person me) {
        memberships.leave(me, idOrSlug);
        return HttpResponse.noContent();
    }

    @Serdeable
    record Sent(int recipients) {
    }

    /** The group's messages, newest first, 20 a page, for its members (those sent since they joined); 403 for anyone else. */
    @Get("/groups/{idOrSlug}/messages{?page}")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<GroupMessageService.MessagePage> messages(@PathVariable String idOrSlug, @Nullable @QueryValue String page,
                                                           @Caller Person actor) {
        int p;
        try {
            p = page == null ? 1 : Integer.parseInt(page);
        } catch (NumberFormatException e) {
            throw ApiException.invalidField("page", "validation.positive");
        }
        if (p < 1) {
            throw ApiException.invalidField("page", "validation.positive");
        }
        return HttpResponse.ok(messages.messages(actor, idOrSlug, p)).header("Cache-Control", "no-store");
    }

    /** Managers write to every member; a few messages per group and day (cortege.rate-limits.group-message-per-group). */
    @Post("/groups/{idOrSlug}/messages")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<Sent> message(@PathVariable String idOrSlug, @Body @Valid MessageCommand command, @Caller Person actor) {
        SupportGroup g = groups.find(idOrSlug);
        if (!messages.canMessage(actor, g)) {
            throw ApiException.of(io.micronaut.http.HttpStatus.FORBIDDEN, "forbidden", "problem.forbidden");
        }
        rateLimiter.consume("group-message-per-group", g.publicId());
        return HttpResponse.accepted().body(new Sent(messages.message(actor, g.publicId(), command)));
    }

    /** One-click unsubscription from a group mail (RFC 8058): the mail client POSTs here without a session. */
    @Post(value = "/groups/{id}/unsubscribe", consumes = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/json"})
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> unsubscribe(@PathVariable String id, @Nullable @QueryValue String m, @Nullable @QueryValue String t) {
        memberships.leaveBySignedLink(id, m, t);
        return HttpResponse.noContent();
    }

    @Get("/groups/{idOrSlug}/members")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<MemberView>> members(@PathVariable String idOrSlug, @Nullable @QueryValue Integer page, @Caller Person me) {
        return HttpResponse.ok(memberships.members(me, idOrSlug, Paging.page(page), 200)).header("Cache-Control", "no-store");
    }

    @Patch("/groups/{idOrSlug}/members/{memberId}")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> setRole(@PathVariable String idOrSlug, @PathVariable String memberId, @Body @Valid RoleCommand command, @Caller Person me) {
        memberships.setRole(me, idOrSlug, memberId, MemberRole.valueOf(command.role()));
        return HttpResponse.noContent();
    }

    @Delete("/groups/{idOrSlug}/members/{memberId}")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> remove(@PathVariable String idOrSlug, @PathVariable String memberId, @Caller Person me) {
        memberships.removeMember(me, idOrSlug, memberId);
        return HttpResponse.noContent();
    }
}
