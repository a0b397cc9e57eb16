package org.cortege.people;

import io.micronaut.http.HttpRequest;
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
@Controller("/api/me/second-factor")
@ExecuteOn(TaskExecutors.BLOCKING)
class SecondFactorController {

    @Serdeable
    record CodeCommand(@NotBlank @Size(max = 20) String code) {
    }

    @Serdeable
    record RecoveryCodes(List<String> recoveryCodes) {
    }

    private final SecondFactorService secondFactors;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    SecondFactorController(SecondFactorService secondFactors, RateLimiter rateLimiter, ClientAddress addresses) {
        this.secondFactors = secondFactors;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    @Get
    HttpResponse<SecondFactorService.Status> status(Person me) {
        return NoStore.ok(secondFactors.status(me));
    }

    /** A new secret to scan: a QR code drawn here, and the key to type by hand. */
    @Post("/setup")
    HttpResponse<SecondFactorService.Setup> setup(Person me) {
        return NoStore.ok(secondFactors.begin(me));
    }

    /** The first code from the app turns the factor on; the answer holds the recovery codes, shown once. */
    @Post("/confirm")
    HttpResponse<RecoveryCodes> confirm(@Body @Valid CodeCommand command, SessionService.Signed signed, HttpRequest<?> request) {
        limit(signed.person(), request);
        return NoStore.ok(new RecoveryCodes(secondFactors.confirm(signed.person(), signed.sessionId(), command.code())));
    }

    /** Proves the factor for this session (a code of the app, or a recovery code). */
    @Post("/verify")
    HttpResponse<?> verify(@Body @Valid CodeCommand command, SessionService.Signed signed, HttpRequest<?> request) {
        limit(signed.person(), request);
        secondFactors.verify(signed.person(), signed.sessionId(), command.code());
        return HttpResponse.noContent();
    }

    /** Turns the factor off, proved by a code. */
    @Post("/disable")
    HttpResponse<?> disable(@Body @Valid CodeCommand command, Person me, HttpRequest<?> request) {
        limit(me, request);
        secondFactors.disable(me, command.code());
        return HttpResponse.noContent();
    }

    private void limit(Person me, HttpRequest<?> request) {
        rateLimiter.consume("second-factor-per-ip", addresses.of(request));
        rateLimiter.consume("second-factor-per-person", me.publicId());
    }
}
