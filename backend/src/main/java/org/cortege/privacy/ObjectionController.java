package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;

/**
 * An imported person's objection to being in the movement's file, from the link of their
 * first-contact notice, without signing in: the page posts the signed link's two parts once the
 * person confirms (a mail scanner following the link erases nobody). The person is erased and
 * their address can no longer be imported. An unknown or already erased person gets the same
 * answer as a done objection: the link says nothing of who is in the file.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "privacy")
@Controller("/api/objection")
@ExecuteOn(TaskExecutors.BLOCKING)
class ObjectionController {

    /** The two parts of the signed link: the person's public id and its signature. */
    @Serdeable
    record ObjectionCommand(@Nullable String m, @Nullable String t) {
    }

    private final ObjectionLinks links;
    private final PersonService people;
    private final PersonalDataService data;

    ObjectionController(ObjectionLinks links, PersonService people, PersonalDataService data) {
        this.links = links;
        this.people = people;
        this.data = data;
    }

    @Post
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> object(@Body ObjectionCommand command) {
        if (command == null || !links.verify(command.m(), command.t())) {
            throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-link", "problem.objectionLink");
        }
        Person person = people.findByPublicId(command.m()).orElse(null);
        if (person != null && !person.admin()) {
            data.eraseOnObjection(person);
        }
        return HttpResponse.noContent();
    }
}
