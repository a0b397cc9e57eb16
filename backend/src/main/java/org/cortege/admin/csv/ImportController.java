package org.cortege.admin.csv;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;
import org.cortege.admin.Staff;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.cortege.shared.Messages;
import org.cortege.shared.NoStore;

/**
 * CSV imports: {@code POST /api/admin/imports} opens an upload, {@code PUT …/pieces/{n}} sends
 * the file in pieces of at most 48 KB ({@code application/octet-stream}), {@code POST …/complete}
 * reads it, {@code POST …/check} tries a mapping, {@code POST …/start} imports in the background,
 * {@code GET …/{id}} follows it.
 */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin/imports")
@ExecuteOn(TaskExecutors.BLOCKING)
class ImportController {

    @Serdeable
    record BeginCommand(@Size(max = 200) String fileName, @NotNull Integer size) {
    }

    private final ImportService imports;
    private final ImportUploads uploads;

    ImportController(ImportService imports, ImportUploads uploads) {
        this.imports = imports;
        this.uploads = uploads;
    }

    @Get
    HttpResponse<List<ImportView>> list(@Caller Staff caller, HttpRequest<?> request) {
        return NoStore.ok(imports.list(caller, Messages.localeOf(request)));
    }

    @Post
    HttpResponse<ImportView> begin(@Body @Valid BeginCommand command, @Caller Staff caller, HttpRequest<?> request) {
        ImportView v = uploads.begin(caller, command.fileName(), command.size(), Messages.localeOf(request));
        return HttpResponse.created(v, URI.create("/api/admin/imports/" + v.id()));
    }

    @Put(value = "/{id}/pieces/{seq}", consumes = MediaType.APPLICATION_OCTET_STREAM)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> piece(@PathVariable String id, @PathVariable int seq, @Body byte[] data, @Caller Staff caller) {
        uploads.piece(caller, id, seq, data);
        return HttpResponse.noContent();
    }

    @Post("/{id}/complete")
    HttpResponse<ImportView> complete(@PathVariable String id, @Caller Staff caller, HttpRequest<?> request) {
        return NoStore.ok(uploads.complete(caller, id, Messages.localeOf(request)));
    }

    @Post("/{id}/check")
    HttpResponse<ImportView> check(@PathVariable String id, @Body @Valid ImportOptions options, @Caller Staff caller, HttpRequest<?> request) {
        return NoStore.ok(imports.check(caller, id, options, Messages.localeOf(request)));
    }

    @Post("/{id}/start")
    HttpResponse<ImportView> start(@PathVariable String id, @Body @Valid ImportOptions options, @Caller Staff caller, HttpRequest<?> request) {
        return NoStore.ok(imports.start(caller, id, options, Messages.localeOf(request)));
    }

    @Get("/{id}")
    HttpResponse<ImportView> get(@PathVariable String id, @Caller Staff caller, HttpRequest<?> request) {
        return NoStore.ok(imports.get(caller, id, Messages.localeOf(request)));
    }

}
