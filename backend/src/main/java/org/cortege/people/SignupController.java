package org.cortege.people;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import java.util.Locale;
import org.cortege.shared.ApiException;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.Messages;
import org.cortege.shared.RateLimiter;
import org.cortege.shared.Retry;

@Access(Access.Level.VISITOR)
@Tag(name = "people")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class SignupController {

    private final PersonService people;
    private final SignInService signIn;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    SignupController(PersonService people, SignInService signIn, SessionService sessions, RateLimiter rateLimiter, ClientAddress addresses) {
        this.people = people;
        this.signIn = signIn;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    /** 202 whether or not the address was known: nobody learns who supports the movement. */
    @Post("/signup")
    @ApiResponse(responseCode = "202", description = "Accepted: what follows happens by mail")
    HttpResponse<?> signup(@Body @Valid SignupCommand command, HttpRequest<?> request) {
        Locale locale = Messages.localeOf(request);
        String address = addresses.of(request);
        try {
            Retry.onDeadlock(() -> signIn.signup(command, locale, address));
        } catch (ApiException e) {
            if (e.status() == io.micronaut.http.HttpStatus.BAD_REQUEST) {
                signIn.countRefusedSignup(command, address);
            }
            throw e;
        }
        return HttpResponse.accepted();
    }

    @Post("/signup/confirm")
    HttpResponse<MeView> confirm(@Body @Valid ConfirmCommand command, HttpRequest<?> request) {
        rateLimiter.consume("confirm-per-ip", addresses.of(request));
        if (command.token() == null || command.token().isBlank()) {
            throw ApiException.invalidField("token", "validation.NotBlank");
        }
        Person person = Retry.onDeadlock(() -> signIn.confirmSignup(command.token().trim()));
        return HttpResponse.ok(people.view(person)).cookie(sessions.open(person, request));
    }
}
