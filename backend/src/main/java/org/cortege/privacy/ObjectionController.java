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
import org.cortege.people.PersonStatus;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;

/**
 * An imported person's objection to being in the movement's file, from the link of their
 * first-contact notice, without signing in: the page posts the signed link's two parts once the
 * person confirms (a mail scanner following the link erases nobody). The link is signed for the
 * person and the address it went to. A person still only a contact is erased and their address can
 * no longer be imported; someone who signed up since, was banned, or is gone gets the same answer
 * and nothing happens: an old mail never erases a supporter, nor lifts a ban.
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
        if (command == null || command.m() == null || command.m().length() > 24 || command.t() == null) {
            throw invalidLink();
        }
        Person person = people.findByPublicId(command.m()).orElse(null);
        if (person == null) {
            return HttpResponse.noContent(); // gone already (the same answer as a done objection)
        }
        if (!links.verify(command.m(), person.email(), command.t())) {
            throw invalidLink();
        }
        // Only someone who is still just a contact leaves this way: a supporter who signed up since
        // (or was banned) is not erased by an old mail; the answer is the same.
        if (person.status() == PersonStatus.CONTACT && !person.admin()) {
            data.eraseOnObjection(person);
        }
        return HttpResponse.noContent();
    }

    private static ApiException invalidLink() {
        return ApiException.of(HttpStatus.BAD_REQUEST, "invalid-link", "problem.objectionLink");
    }
}
