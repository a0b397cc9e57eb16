package org.cortege.activity;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
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

    /** The signed link's parameters ride in the query; answers what was turned off; 400 on a bad link. */
    @Post(consumes = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/json"})
    HttpResponse<NotificationPreferences.Stopped> stop(@Nullable @QueryValue String m, @Nullable @QueryValue String k,
                                                       @Nullable @QueryValue String t) {
        return HttpResponse.ok(preferences.stop(m, k, t)).header("Cache-Control", "no-store");
    }
}
