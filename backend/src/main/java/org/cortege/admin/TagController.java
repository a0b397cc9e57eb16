package org.cortege.admin;

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
@Controller("/api/admin/tags")
@ExecuteOn(TaskExecutors.BLOCKING)
class TagController {

    @Serdeable
    record MergeCommand(@NotNull Long into) {
    }

    private final StaffService staff;
    private final TagService tags;
    private final ContactService contacts;

    TagController(StaffService staff, TagService tags, ContactService contacts) {
        this.staff = staff;
        this.tags = tags;
        this.contacts = contacts;
    }

    @Get
    HttpResponse<List<TagView>> list(HttpRequest<?> request) {
        return NoStore.ok(tags.list(staff.require(request)));
    }

    @Post
    HttpResponse<TagView> create(@Body @Valid TagCommand command, HttpRequest<?> request) {
        TagView tag = tags.create(staff.require(request), command.name());
        return HttpResponse.created(tag, URI.create("/api/admin/tags/" + tag.id()));
    }

    @Patch("/{id}")
    HttpResponse<?> rename(@PathVariable long id, @Body @Valid TagCommand command, HttpRequest<?> request) {
        tags.rename(staff.requireAdmin(request), id, command.name());
        return HttpResponse.noContent();
    }

    /** Moves this tag's people to {@code into} and deletes this one. */
    @Post("/{id}/merge")
    HttpResponse<?> merge(@PathVariable long id, @Body @Valid MergeCommand command, HttpRequest<?> request) {
        tags.merge(staff.requireAdmin(request), id, command.into());
        return HttpResponse.noContent();
    }

    @Delete("/{id}")
    HttpResponse<?> delete(@PathVariable long id, HttpRequest<?> request) {
        tags.delete(staff.requireAdmin(request), id);
        return HttpResponse.noContent();
    }

    /** Tags everyone the selection picks; answers how many newly carry the tag. */
    @Post("/{id}/apply")
    HttpResponse<Map<String, Integer>> apply(@PathVariable long id, @Body @Valid Selection selection, HttpRequest<?> request) {
        Staff s = staff.require(request);
        requireSomething(selection);
        return NoStore.ok(Map.of("count", tags.apply(s, id, selection.q(), contacts.ruleOf(selection))));
    }

    /** Untags everyone the selection picks; answers how many lost it. */
    @Post("/{id}/remove")
    HttpResponse<Map<String, Integer>> remove(@PathVariable long id, @Body @Valid Selection selection, HttpRequest<?> request) {
        Staff s = staff.require(request);
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
