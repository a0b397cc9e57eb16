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
import org.cortege.shared.ApiException;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.Messages;
import org.cortege.shared.RateLimiter;
import org.cortege.shared.Retry;

@Access(Access.Level.VISITOR)
@Tag(name = "people")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class LoginController {

    private final PersonService people;
    private final SignInService signIn;
    private final SessionService sessions;
    private final RateLimiter rateLimiter;
    private final ClientAddress addresses;

    private final LoginCodeGuard codes;

    LoginController(PersonService people, SignInService signIn, SessionService sessions, RateLimiter rateLimiter, ClientAddress addresses, LoginCodeGuard codes) {
        this.codes = codes;
        this.people = people;
        this.signIn = signIn;
        this.sessions = sessions;
        this.rateLimiter = rateLimiter;
        this.addresses = addresses;
    }

    /** 202 whether or not the address is known. */
    @Post("/login")
    @ApiResponse(responseCode = "202", description = "Accepted: what follows happens by mail")
    HttpResponse<?> login(@Body @Valid LoginCommand command, HttpRequest<?> request) {
        rateLimiter.consume("login-per-ip", addresses.of(request));
        rateLimiter.consume("login-per-email", Inputs.normalizeEmail(command.email()));
        Retry.onDeadlock(() -> signIn.requestLogin(command.email(), Messages.localeOf(request)));
        return HttpResponse.accepted();
    }

    /** With {@code token} (the link) or {@code email} + {@code code} (typed from the mail). */
    @Post("/login/confirm")
    HttpResponse<MeView> confirm(@Body @Valid ConfirmCommand command, HttpRequest<?> request) {
        rateLimiter.consume("confirm-per-ip", addresses.of(request));
        Person person;
        if (command.token() != null && !command.token().isBlank()) {
            person = signIn.confirmLoginToken(command.token().trim());
        } else if (command.email() != null && !command.email().isBlank() && command.code() != null) {
            String address = addresses.of(request);
            codes.checkOpen(address);
            rateLimiter.consume("login-code-per-email", Inputs.normalizeEmail(command.email()));
            try {
                person = signIn.confirmLoginCode(command.email(), command.code());
            } catch (ApiException e) {
                codes.failed(address);
                throw e;
            }
        } else {
            throw ApiException.invalidField(command.email() == null || command.email().isBlank() ? "email" : "code",
                    "validation.NotBlank");
        }
        return HttpResponse.ok(people.view(person)).cookie(sessions.open(person, request));
    }
}
