package org.cortege.people;

import io.micronaut.http.HttpRequest;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.cortege.shared.Access;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.NoStore;
import org.cortege.shared.RateLimiter;

/**
 * {@code /api/me/second-factor}: the signed-in person's authenticator app. Open to any signed-in
 * person (staff pages are where it is asked for), so that a staff member can enrol and prove it
 * before their staff pages open.
 */
@Access(Access.Level.SUPPORTER)
@Tag(name = "people")
@Controller("/api/me/second-factor")
@ExecuteOn(TaskExecutors.BLOCKING)
class SecondFactorController {

    @Serdeable
    record CodeCommand(@NotBlank @Size(max = 20) String code, @io.micronaut.core.annotation.Nullable @Size(max = 40) String permit) {
    }

    @Serdeable
    record SetupCommand(@io.micronaut.core.annotation.Nullable @Size(max = 40) String permit) {
    }

    @Serdeable
    record RecoveryCodes(List<String> recoveryCodes) {
    }

    private final SecondFactorService secondFactors;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    SecondFactorController(SecondFactorService secondFactors, SessionService sessions, RateLimiter rateLimiter, ClientAddress addresses) {
        this.secondFactors = secondFactors;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    @Get
    HttpResponse<SecondFactorService.Status> status(@Caller Person me) {
        return NoStore.ok(secondFactors.status(me));
    }

    /** A new secret to scan: a QR code drawn here, and the key to type by hand. */
    @Post("/setup")
    HttpResponse<SecondFactorService.Setup> setup(@Body @io.micronaut.core.annotation.Nullable SetupCommand command, @Caller Person me) {
        return NoStore.ok(secondFactors.begin(me, command == null ? null : command.permit()));
    }

    /** The first code from the app turns the factor on; the answer holds the recovery codes, shown once. */
    @Post("/confirm")
    HttpResponse<RecoveryCodes> confirm(@Body @Valid CodeCommand command, @Caller SessionService.Signed signed, HttpRequest<?> request) {
        List<String> codes = guarded(signed.person(), request,
                () -> secondFactors.confirm(signed.person(), signed.sessionId(), command.code(), command.permit()));
        return NoStore.ok(new RecoveryCodes(codes)).cookie(sessions.rotate(signed.sessionId(), request));
    }

    /** Proves the factor for this session (a code of the app, or a recovery code). */
    @Post("/verify")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> verify(@Body @Valid CodeCommand command, @Caller SessionService.Signed signed, HttpRequest<?> request) {
        guarded(signed.person(), request, () -> right(secondFactors.verify(signed.person(), signed.sessionId(), command.code())));
        return HttpResponse.noContent().cookie(sessions.rotate(signed.sessionId(), request));
    }

    /** Turns the factor off, proved by a code. */
    @Post("/disable")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> disable(@Body @Valid CodeCommand command, @Caller Person me, HttpRequest<?> request) {
        guarded(me, request, () -> right(secondFactors.disable(me, command.code())));
        return HttpResponse.noContent();
    }

    private static Boolean right(boolean accepted) {
        if (!accepted) {
            throw org.cortege.shared.ApiException.invalidField("code", "validation.secondFactorCode");
        }
        return Boolean.TRUE;
    }

    /**
     * Runs a code check under the wrong-code limits: only wrong codes count (someone else on the same
     * network cannot spend a staff member's tries), and past the limit nothing is checked at all.
     */
    private <T> T guarded(Person me, HttpRequest<?> request, java.util.function.Supplier<T> check) {
        String address = addresses.of(request);
        if (rateLimiter.isExhausted("second-factor-per-ip", address) || rateLimiter.isExhausted("second-factor-per-person", me.publicId())) {
            throw org.cortege.shared.ApiException.tooManyRequests(java.time.Duration.ofMinutes(10));
        }
        try {
            return check.get();
        } catch (org.cortege.shared.ApiException e) {
            if (e.fieldErrors().containsKey("code")) {
                rateLimiter.tryConsume("second-factor-per-ip", address);
                rateLimiter.tryConsume("second-factor-per-person", me.publicId());
            }
            throw e;
        }
    }
}
