package org.cortege.referrals;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.util.List;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;
import org.cortege.shared.Retry;

/** A supporter's own share link and what it brought ("Mon espace"); who brings members to a group (its managers). */
@Access(Access.Level.SUPPORTER)
@Tag(name = "referrals")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class ReferralController {

    private final ReferralService referrals;

    ReferralController(ReferralService referrals) {
        this.referrals = referrals;
    }

    /** The caller's code and link (null until they make one) and what came through their links. Makes nothing. */
    @Get("/me/referral")
    HttpResponse<ReferralService.MyReferral> mine(@Caller Person me) {
        return HttpResponse.ok(referrals.mine(me)).header("Cache-Control", "no-store");
    }

    /** Makes the caller's share code, or gives the one they have. */
    @Post("/me/referral")
    HttpResponse<ReferralService.MyReferral> make(@Caller Person me) {
        return HttpResponse.ok(Retry.onDeadlock(() -> referrals.make(me))).header("Cache-Control", "no-store");
    }

    /** Forgets the caller's code: links carrying it credit nobody from now on; a new one can be made after. */
    @Delete("/me/referral")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> forget(@Caller Person me) {
        referrals.forget(me);
        return HttpResponse.noContent();
    }

    /** Those whose link brought the most members to the group: first names only, for the group's managers (403 otherwise). */
    @Get("/groups/{idOrSlug}/referrers")
    HttpResponse<List<ReferralService.Referrer>> referrers(@PathVariable String idOrSlug, @Caller Person me) {
        return HttpResponse.ok(referrals.topReferrers(me, idOrSlug)).header("Cache-Control", "no-store");
    }
}
