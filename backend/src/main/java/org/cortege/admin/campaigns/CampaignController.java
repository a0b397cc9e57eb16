package org.cortege.admin.campaigns;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;
import org.cortege.admin.Staff;

import io.micronaut.core.annotation.Nullable;
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
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.cortege.shared.ApiException;
import org.cortege.shared.NoStore;

/** Mass mailings: {@code /api/admin/campaigns/**}, for admins and organizers (their territory, their campaigns). */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin/campaigns")
@ExecuteOn(TaskExecutors.BLOCKING)
class CampaignController {

    /** {@code at}: ISO-8601 instant with offset; absent: now. */
    @Serdeable
    record SendCommand(@Nullable @Size(max = 40) String at) {
    }

    private final CampaignService campaigns;

    CampaignController(CampaignService campaigns) {
        this.campaigns = campaigns;
    }

    @Get
    HttpResponse<List<CampaignView>> list(@Caller Staff caller) {
        return NoStore.ok(campaigns.list(caller));
    }

    @Post
    HttpResponse<CampaignView> create(@Body @Valid CampaignCommand command, @Caller Staff caller) {
        CampaignView c = campaigns.create(caller, command);
        return HttpResponse.created(c, URI.create("/api/admin/campaigns/" + c.id()));
    }

    @Get("/{id}")
    HttpResponse<CampaignView> get(@PathVariable String id, @Caller Staff caller) {
        return NoStore.ok(campaigns.get(caller, id));
    }

    @Put("/{id}")
    HttpResponse<CampaignView> update(@PathVariable String id, @Body @Valid CampaignCommand command, @Caller Staff caller) {
        return NoStore.ok(campaigns.update(caller, id, command));
    }

    @Delete("/{id}")
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> delete(@PathVariable String id, @Caller Staff caller) {
        campaigns.delete(caller, id);
        return HttpResponse.noContent();
    }

    @Get("/{id}/preview")
    HttpResponse<CampaignService.Preview> preview(@PathVariable String id, @Caller Staff caller) {
        return NoStore.ok(campaigns.preview(caller, id));
    }

    /** Sends the campaign to the signed-in staff member only. */
    @Post("/{id}/test")
    @ApiResponse(responseCode = "202", description = "Accepted")
    HttpResponse<?> test(@PathVariable String id, @Caller Staff caller) {
        campaigns.sendTest(caller, id);
        return HttpResponse.accepted();
    }

    @Post("/{id}/send")
    HttpResponse<CampaignView> send(@PathVariable String id, @Body @Valid SendCommand command, @Caller Staff caller) {
        Instant at = null;
        if (command.at() != null && !command.at().isBlank()) {
            try {
                at = java.time.OffsetDateTime.parse(command.at().strip()).toInstant();
            } catch (DateTimeParseException e) {
                throw ApiException.invalidField("at", "validation.campaignTime");
            }
        }
        return NoStore.ok(campaigns.send(caller, id, at));
    }

    @Post("/{id}/cancel")
    HttpResponse<CampaignView> cancel(@PathVariable String id, @Caller Staff caller) {
        return NoStore.ok(campaigns.cancel(caller, id));
    }

}
