package org.cortege.admin;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.cortege.shared.NoStore;

/** Tags: {@code /api/admin/tags/**}. Rename, merge and delete are for admins. */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin/tags")
@ExecuteOn(TaskExecutors.BLOCKING)
class TagController {

    @Serdeable
    record MergeCommand(@NotNull Long into) {
    }

    private final TagService tags;
    private final ContactService contacts;

    TagController(TagService tags, ContactService contacts) {
        this.tags = tags;
        this.contacts = contacts;
    }

    @Get
    HttpResponse<List<TagView>> list(@Caller Staff caller) {
        return NoStore.ok(tags.list(caller));
    }

    @Post
    HttpResponse<TagView> create(@Body @Valid TagCommand command, @Caller Staff caller) {
        TagView tag = tags.create(caller, command.name());
        return HttpResponse.created(tag, URI.create("/api/admin/tags/" + tag.id()));
    }

    @Patch("/{id}")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> rename(@PathVariable long id, @Body @Valid TagCommand command, @Caller Staff caller) {
        tags.rename(caller, id, command.name());
        return HttpResponse.noContent();
    }

    /** Moves this tag's people to {@code into} and deletes this one. */
    @Post("/{id}/merge")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> merge(@PathVariable long id, @Body @Valid MergeCommand command, @Caller Staff caller) {
        tags.merge(caller, id, command.into());
        return HttpResponse.noContent();
    }

    @Delete("/{id}")
    @Access(Access.Level.ADMIN)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> delete(@PathVariable long id, @Caller Staff caller) {
        tags.delete(caller, id);
        return HttpResponse.noContent();
    }

    /** Tags everyone the selection picks; answers how many newly carry the tag. */
    @Post("/{id}/apply")
    HttpResponse<Map<String, Integer>> apply(@PathVariable long id, @Body @Valid Selection selection, @Caller Staff s) {
        requireSomething(selection);
        return NoStore.ok(Map.of("count", tags.apply(s, id, selection.q(), contacts.ruleOf(selection))));
    }

    /** Untags everyone the selection picks; answers how many lost it. */
    @Post("/{id}/remove")
    HttpResponse<Map<String, Integer>> remove(@PathVariable long id, @Body @Valid Selection selection, @Caller Staff s) {
        requireSomething(selection);
        return NoStore.ok(Map.of("count", tags.remove(s, id, selection.q(), contacts.ruleOf(selection))));
    }

    /** A bulk change names whom it touches: an empty selection (everyone) is refused as a likely mistake. */
    private static void requireSomething(Selection s) {
        if (s.people() == null && s.rule() == null && (s.segment() == null || s.segment().isBlank()) && (s.q() == null || s.q().isBlank())) {
            throw org.cortege.shared.ApiException.invalidField("people", "validation.selectionEmpty");
        }
    }
}
