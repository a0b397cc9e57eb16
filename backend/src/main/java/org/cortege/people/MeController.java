package org.cortege.people;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;

@Access(Access.Level.SUPPORTER)
@Tag(name = "people")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class MeController {

    private final PersonService people;
    private final SessionService sessions;
    private final SecondFactorService secondFactors;

    MeController(PersonService people, SessionService sessions, SecondFactorService secondFactors) {
        this.people = people;
        this.sessions = sessions;
        this.secondFactors = secondFactors;
    }

    /**
     * {@code secondFactor}: "none" (the person has none), "needed" (they have one and this session
     * has not proved it: staff pages ask for a code), "done".
     */
    @Serdeable
    record SessionView(boolean authenticated, @Nullable MeView me,
                       @Schema(allowableValues = {"none", "needed", "done"}) @Nullable String secondFactor) {
    }

    /** Who is signed in, if anyone: always 200, so a page can ask without an error in its console. */
    @Get("/session")
    @Access(Access.Level.VISITOR)
    HttpResponse<SessionView> session(@Caller @Nullable SessionService.Signed signed) {
        SessionView view = signed == null ? new SessionView(false, null, null)
                : new SessionView(true, people.view(signed.person()), !secondFactors.enrolled(signed.person().id()) ? "none"
                        : signed.secondFactorAt() == null ? "needed" : "done");
        return HttpResponse.ok(view).header("Cache-Control", "no-store");
    }

    @Get("/me")
    HttpResponse<MeView> me(@Caller Person me) {
        return HttpResponse.ok(people.view(me)).header("Cache-Control", "no-store");
    }

    @Patch("/me")
    HttpResponse<MeView> update(@Body @Valid MeUpdateCommand command, @Caller Person me) {
        return HttpResponse.ok(people.update(me, command)).header("Cache-Control", "no-store");
    }

    @Post("/logout")
    @Access(Access.Level.VISITOR)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> logout(@Body @Nullable LogoutCommand command, HttpRequest<?> request) {
        boolean everywhere = command != null && Boolean.TRUE.equals(command.everywhere());
        return HttpResponse.noContent().cookie(sessions.close(request, everywhere));
    }
}
