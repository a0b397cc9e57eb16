package org.cortege.referrals;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.people.Person;
import org.cortege.shared.Access;
import org.cortege.shared.Caller;

/** A supporter's own share link and the count of people it brought ("Mon espace"). */
@Access(Access.Level.SUPPORTER)
@Tag(name = "referrals")
@Controller("/api/me/referral")
@ExecuteOn(TaskExecutors.BLOCKING)
class ReferralController {

    private final ReferralService referrals;

    ReferralController(ReferralService referrals) {
        this.referrals = referrals;
    }

    /** The caller's code (made at the first ask, then kept), its link and how many confirmed supporters came through it. */
    @Get
    HttpResponse<ReferralService.MyReferral> mine(@Caller Person me) {
        return HttpResponse.ok(referrals.mine(me)).header("Cache-Control", "no-store");
    }
}
