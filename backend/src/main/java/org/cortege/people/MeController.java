package org.cortege.people;

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

@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class MeController {

    private final PersonService people;
    private final SessionService sessions;

    MeController(PersonService people, SessionService sessions) {
        this.people = people;
        this.sessions = sessions;
    }

    @Serdeable
    record SessionView(boolean authenticated, @Nullable MeView me) {
    }

    /** Who is signed in, if anyone: always 200, so a page can ask without an error in its console. */
    @Get("/session")
    HttpResponse<SessionView> session(HttpRequest<?> request) {
        SessionView view = sessions.current(request).map(p -> new SessionView(true, people.view(p)))
                .orElse(new SessionView(false, null));
        return HttpResponse.ok(view).header("Cache-Control", "no-store");
    }

    @Get("/me")
    HttpResponse<MeView> me(HttpRequest<?> request) {
        return HttpResponse.ok(people.view(sessions.require(request))).header("Cache-Control", "no-store");
    }

    @Patch("/me")
    HttpResponse<MeView> update(@Body @Valid MeUpdateCommand command, HttpRequest<?> request) {
        return HttpResponse.ok(people.update(sessions.require(request), command)).header("Cache-Control", "no-store");
    }

    @Post("/logout")
    HttpResponse<?> logout(@Body @Nullable LogoutCommand command, HttpRequest<?> request) {
        boolean everywhere = command != null && Boolean.TRUE.equals(command.everywhere());
        return HttpResponse.noContent().cookie(sessions.close(request, everywhere));
    }
}
