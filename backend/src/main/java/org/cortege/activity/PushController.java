package org.cortege.activity;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.Map;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;

/** Turning push on or off in a browser: the instance's public key to subscribe with, the subscription kept or forgotten. */
@Access(Access.Level.SUPPORTER)
@Tag(name = "activity")
@Controller("/api/me/push")
@ExecuteOn(TaskExecutors.BLOCKING)
class PushController {

    private final PushSubscriptions subscriptions;

    PushController(PushSubscriptions subscriptions) {
        this.subscriptions = subscriptions;
    }

    /** The instance's VAPID public key (base64url), the browser's {@code applicationServerKey}. */
    @Get("/key")
    HttpResponse<PushSubscriptions.ServerKey> key() {
        return HttpResponse.ok(subscriptions.serverKey()).header("Cache-Control", "no-store");
    }

    /** Keeps this browser's subscription; 400 naming the field for an unknown push service or keys that are not keys. */
    @Post("/subscriptions")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> subscribe(@Caller Person me, @Body SubscriptionCommand c) {
        subscriptions.subscribe(me, c.endpoint(), c.keys() == null ? null : c.keys().p256dh(), c.keys() == null ? null : c.keys().auth());
        return HttpResponse.noContent();
    }

    /** Forgets this browser's subscription (push turned off here). */
    @Post("/unsubscribe")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> unsubscribe(@Caller Person me, @Body SubscriptionCommand c) {
        subscriptions.unsubscribe(me, c.endpoint());
        return HttpResponse.noContent();
    }

    /** Whether this browser (its endpoint) is subscribed for the caller. */
    @Post("/status")
    HttpResponse<Map<String, Boolean>> status(@Caller Person me, @Body SubscriptionCommand c) {
        return HttpResponse.ok(Map.of("subscribed", subscriptions.has(me, c.endpoint()))).header("Cache-Control", "no-store");
    }
}
