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
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import jakarta.validation.Valid;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.cortege.shared.NoStore;

/** Saved segments: {@code /api/admin/segments/**}. */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin/segments")
@ExecuteOn(TaskExecutors.BLOCKING)
class SegmentController {

    private final SegmentService segments;
    private final ContactService contacts;

    SegmentController(SegmentService segments, ContactService contacts) {
        this.segments = segments;
        this.contacts = contacts;
    }

    @Get
    HttpResponse<List<SegmentView>> list() {
        return NoStore.ok(segments.list());
    }

    @Post
    HttpResponse<SegmentView> create(@Body @Valid SegmentCommand command, @Caller Staff caller) {
        SegmentView created = segments.create(caller, command);
        return HttpResponse.created(created, URI.create("/api/admin/segments/" + created.id()));
    }

    @Get("/{id}")
    HttpResponse<SegmentView> get(@PathVariable String id) {
        return NoStore.ok(segments.get(id));
    }

    /** How many people the saved segment picks now, within the viewer's territory. */
    @Get("/{id}/count")
    HttpResponse<Map<String, Long>> count(@PathVariable String id, @Caller Staff s) {
        return NoStore.ok(Map.of("count", contacts.count(s, null, segments.rule(id))));
    }

    @Put("/{id}")
    HttpResponse<SegmentView> update(@PathVariable String id, @Body @Valid SegmentCommand command, @Caller Staff caller) {
        return NoStore.ok(segments.update(caller, id, command));
    }

    @Delete("/{id}")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> delete(@PathVariable String id, @Caller Staff caller) {
        segments.delete(caller, id);
        return HttpResponse.noContent();
    }
}
