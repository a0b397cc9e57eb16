package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Access;

/**
 * "Stop these mails" without a session: the one-click POST of RFC 8058 (the mail client posts to the signed URL of
 * the {@code List-Unsubscribe} header) and the button of the page the mail's footer links to. The kind's mail goes
 * off (a digest's link: every kind that went to digests); the news stay in the feed.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "activity")
@Controller("/api/notifications/stop")
@ExecuteOn(TaskExecutors.BLOCKING)
class StopController {

    private final NotificationPreferences preferences;

    StopController(NotificationPreferences preferences) {
        this.preferences = preferences;
    }

    /** A mail client's one-click POST (RFC 8058): the signed link's parameters ride in the header's URL; 400 on a bad link. */
    @Post(consumes = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
    HttpResponse<NotificationPreferences.Stopped> stop(@Nullable @QueryValue String m, @Nullable @QueryValue String k,
                                                       @Nullable @QueryValue String t) {
        return HttpResponse.ok(preferences.stop(m, k, t)).header("Cache-Control", "no-store");
    }

    /** The stop page's button: the link's parts in the body (those in the query, if any, otherwise); answers what was turned off. */
    @Post(consumes = "application/json")
    HttpResponse<NotificationPreferences.Stopped> stopFromPage(@Nullable @Body StopCommand c, @Nullable @QueryValue String m,
                                                               @Nullable @QueryValue String k, @Nullable @QueryValue String t) {
        boolean inBody = c != null && c.m() != null;
        return HttpResponse.ok(inBody ? preferences.stop(c.m(), c.k(), c.t()) : preferences.stop(m, k, t)).header("Cache-Control", "no-store");
    }
}
