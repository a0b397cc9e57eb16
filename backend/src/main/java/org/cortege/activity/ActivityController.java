package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import java.util.Map;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;
import org.cortege.shared.Caller;

/** A supporter's feed and bell, and how they want to hear of each kind of news ("Mon espace" › Notifications). */
@Access(Access.Level.SUPPORTER)
@Tag(name = "activity")
@Controller("/api/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class ActivityController {

    private final ActivityService activity;
    private final NotificationPreferences preferences;

    ActivityController(ActivityService activity, NotificationPreferences preferences) {
        this.activity = activity;
        this.preferences = preferences;
    }

    /** The caller's feed, newest first: {@code size} entries (1–50, 20 by default) older than entry {@code before}; and the unread count. */
    @Get("/activity{?before,size}")
    HttpResponse<ActivityService.Page> feed(@Caller Person me, @Nullable @QueryValue String before, @Nullable @QueryValue String size) {
        return HttpResponse.ok(activity.feed(me, number(before, "before"), size == null ? 20 : number(size, "size").intValue()))
                .header("Cache-Control", "no-store");
    }

    /** The bell's figure: entries not yet read. */
    @Get("/activity/unread")
    HttpResponse<Map<String, Long>> unread(@Caller Person me) {
        return HttpResponse.ok(Map.of("unread", activity.unread(me))).header("Cache-Control", "no-store");
    }

    /** Marks the caller's entries read (up to {@code upTo}, or all); answers what is left unread. */
    @Post("/activity/read")
    HttpResponse<Map<String, Long>> read(@Caller Person me, @Body @Valid ReadCommand command) {
        return HttpResponse.ok(Map.of("unread", activity.markRead(me, command.upTo()))).header("Cache-Control", "no-store");
    }

    /** The caller's choices for every kind of news, and the groups they muted. */
    @Get("/notifications")
    HttpResponse<NotificationPreferences.View> preferences(@Caller Person me) {
        return HttpResponse.ok(preferences.view(me)).header("Cache-Control", "no-store");
    }

    /** How the caller hears of one kind (mail, push); 404 for an unknown kind, 400 to turn off the mail of a kind that cannot be. */
    @Put("/notifications/{kind}")
    HttpResponse<NotificationPreferences.View> choose(@Caller Person me, @PathVariable String kind, @Body @Valid ChoiceCommand command) {
        return HttpResponse.ok(preferences.choose(me, kind, command.mail(), command.push())).header("Cache-Control", "no-store");
    }

    /** Mutes one of the caller's groups: its news stay in the feed, without mail (409 when not a member). */
    @Put("/notifications/muted/{group}")
    HttpResponse<NotificationPreferences.View> mute(@Caller Person me, @PathVariable String group) {
        return HttpResponse.ok(preferences.mute(me, group, true)).header("Cache-Control", "no-store");
    }

    /** Hears of the group again. */
    @Delete("/notifications/muted/{group}")
    HttpResponse<NotificationPreferences.View> unmute(@Caller Person me, @PathVariable String group) {
        return HttpResponse.ok(preferences.mute(me, group, false)).header("Cache-Control", "no-store");
    }

    private static Long number(@Nullable String value, String field) {
        if (value == null) {
            return null;
        }
        try {
            long n = Long.parseLong(value);
            if (n <= 0) {
                throw ApiException.invalidField(field, "validation.positive");
            }
            return n;
        } catch (NumberFormatException e) {
            throw ApiException.invalidField(field, "validation.positive");
        }
    }
}
