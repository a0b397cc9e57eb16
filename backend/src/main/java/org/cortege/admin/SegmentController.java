package org.cortege.admin;

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
@Controller("/api/admin/segments")
@ExecuteOn(TaskExecutors.BLOCKING)
class SegmentController {

    private final StaffService staff;
    private final SegmentService segments;
    private final ContactService contacts;

    SegmentController(StaffService staff, SegmentService segments, ContactService contacts) {
        this.staff = staff;
        this.segments = segments;
        this.contacts = contacts;
    }

    @Get
    HttpResponse<List<SegmentView>> list(HttpRequest<?> request) {
        staff.require(request);
        return NoStore.ok(segments.list());
    }

    @Post
    HttpResponse<SegmentView> create(@Body @Valid SegmentCommand command, HttpRequest<?> request) {
        SegmentView created = segments.create(staff.require(request), command);
        return HttpResponse.created(created, URI.create("/api/admin/segments/" + created.id()));
    }

    @Get("/{id}")
    HttpResponse<SegmentView> get(@PathVariable String id, HttpRequest<?> request) {
        staff.require(request);
        return NoStore.ok(segments.get(id));
    }

    /** How many people the saved segment picks now, within the viewer's territory. */
    @Get("/{id}/count")
    HttpResponse<Map<String, Long>> count(@PathVariable String id, HttpRequest<?> request) {
        Staff s = staff.require(request);
        return NoStore.ok(Map.of("count", contacts.count(s, null, segments.rule(id))));
    }

    @Put("/{id}")
    HttpResponse<SegmentView> update(@PathVariable String id, @Body @Valid SegmentCommand command, HttpRequest<?> request) {
        return NoStore.ok(segments.update(staff.require(request), id, command));
    }

    @Delete("/{id}")
    HttpResponse<?> delete(@PathVariable String id, HttpRequest<?> request) {
        segments.delete(staff.require(request), id);
        return HttpResponse.noContent();
    }
}
