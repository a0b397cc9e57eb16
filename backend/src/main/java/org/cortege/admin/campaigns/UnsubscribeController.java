package org.cortege.admin.campaigns;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;

/**
 * Unsubscribing from the movement's mailings without a session: the one-click POST of RFC 8058
 * (the mail client posts {@code List-Unsubscribe=One-Click} to the signed URL of the
 * {@code List-Unsubscribe} header) and the button of the page the mail links to. Immediate,
 * recorded as a consent withdrawal; the person's mailings still waiting in the outbox are dropped.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "people")
@Controller("/api/unsubscribe")
@ExecuteOn(TaskExecutors.BLOCKING)
class UnsubscribeController {

    private final UnsubscribeLinks links;
    private final PersonService people;
    private final Unsubscriptions unsubscriptions;

    UnsubscribeController(UnsubscribeLinks links, PersonService people, Unsubscriptions unsubscriptions) {
        this.links = links;
        this.people = people;
        this.unsubscriptions = unsubscriptions;
    }

    /** The signed link's parameters ride in the query (the mail client's one-click POST and the page's alike); 204, 400 on a bad link. */
    @Post(consumes = {"application/x-www-form-urlencoded", "multipart/form-data", "text/plain", "application/json"})
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> unsubscribe(@Nullable @QueryValue String m, @Nullable @QueryValue String t) {
        if (m == null || m.length() > 24 || !links.verify(m, t)) {
            throw ApiException.of(HttpStatus.BAD_REQUEST, "invalid-link", "problem.unsubscribeLink");
        }
        Person person = people.findByPublicId(m).orElse(null);
        if (person != null) {
            unsubscriptions.unsubscribe(person, "unsubscribe link in a mailing");
        }
        return HttpResponse.noContent();
    }
}
