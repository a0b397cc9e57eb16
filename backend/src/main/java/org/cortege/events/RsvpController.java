package org.cortege.events;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.List;
import org.cortege.people.Inputs;
import org.cortege.people.Person;
import org.cortege.people.VisitSource;
import org.cortege.shared.Access;
import org.cortege.shared.ApiException;
import org.cortege.shared.Caller;
import org.cortege.shared.Retry;
import org.cortege.shared.ClientAddress;
import org.cortege.shared.Messages;
import org.cortege.shared.RateLimiter;

/**
 * Answering "je viens": a supporter's answer and its withdrawal, a visitor's answer confirmed by
 * mail and read or cancelled with its signed link, and the dates a supporter comes to.
 */
@Access(Access.Level.VISITOR)
@Tag(name = "events")
@Controller("/api")
@ExecuteOn(TaskExecutors.BLOCKING)
class RsvpController {

    @Serdeable
    record RsvpCommand(@Nullable Boolean shareContact, @Nullable @Valid VisitSource source) {
    }

    @Serdeable
    record GuestRsvpCommand(@NotBlank @Size(max = 100) @Pattern(regexp = Inputs.NAME, message = "validation.name") String name,
                            @NotBlank @Size(max = 254) @Pattern(regexp = Inputs.EMAIL, message = "validation.email") String email,
                            @Nullable Boolean shareContact, @Nullable @Valid VisitSource source) {
    }

    @Serdeable
    record TokenCommand(@NotBlank @Size(max = 100) String token) {
    }

    @Serdeable
    record SignedCommand(@NotBlank @Size(max = 24) String id, @NotBlank @Size(max = 100) String signature) {
    }

    @Serdeable
    record AnswerView(String occurrenceId, int rsvpCount, boolean going) {
    }

    /** A reminder's answer: yes, I'm coming ({@code coming} true), or I can no longer come. */
    @Serdeable
    record ReplyCommand(@NotBlank @Size(max = 24) String id, @NotBlank @Size(max = 100) String signature,
                        @jakarta.validation.constraints.NotNull Boolean coming) {
    }

    /** After the date: I was there ({@code came} true), or I could not come; by signed link or, signed in, on the action's page. */
    @Serdeable
    record CameCommand(@Nullable @Size(max = 24) String id, @Nullable @Size(max = 100) String signature,
                       @jakarta.validation.constraints.NotNull Boolean came) {
    }

    private final RsvpService rsvps;
    private final RsvpReplies replies;
    private final EventSearch search;
    private final RateLimiter rateLimiter;
    private final ClientAddress clientAddress;

    RsvpController(RsvpService rsvps, RsvpReplies replies, EventSearch search, RateLimiter rateLimiter, ClientAddress clientAddress) {
        this.rsvps = rsvps;
        this.replies = replies;
        this.search = search;
        this.rateLimiter = rateLimiter;
        this.clientAddress = clientAddress;
    }

    @Post("/occurrences/{id}/rsvp")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<AnswerView> rsvp(@PathVariable String id, @Body @Nullable @Valid RsvpCommand command, @Caller Person person) {
        Occurrence o = rsvps.rsvp(person, id, command != null && Boolean.TRUE.equals(command.shareContact()),
                command == null ? null : command.source());
        return HttpResponse.created(new AnswerView(o.publicId(), o.rsvpCount(), true));
    }

    @Delete("/occurrences/{id}/rsvp")
    @Access(Access.Level.SUPPORTER)
    AnswerView cancelRsvp(@PathVariable String id, @Caller Person me) {
        Occurrence o = rsvps.cancel(me, id);
        return new AnswerView(o.publicId(), o.rsvpCount(), false);
    }

    /** A visitor's answer: always 202, a confirmation link goes to the address. */
    @Post("/occurrences/{id}/guest-rsvp")
    @ApiResponse(responseCode = "202", description = "Accepted: what follows happens by mail")
    HttpResponse<?> guestRsvp(@PathVariable String id, @Body @Valid GuestRsvpCommand command, HttpRequest<?> request) {
        rateLimiter.consume("guest-rsvp-per-ip", clientAddress.of(request));
        rateLimiter.consume("guest-rsvp-per-email", Inputs.normalizeEmail(command.email()));
        rsvps.guestRsvp(id, command.name(), command.email(), Boolean.TRUE.equals(command.shareContact()), Messages.localeOf(request),
                command.source());
        return HttpResponse.accepted();
    }

    /** What a reminder's or follow-up's signed link is about (no sign-in). */
    @Post("/rsvp/reply/view")
    RsvpReplies.ReplyView replyView(@Body @Valid SignedCommand command) {
        return replies.replyView(command.id(), command.signature());
    }

    /** From the day-before reminder (no sign-in): confirm, or free the place (the organizers are told). */
    @Post("/rsvp/reply")
    RsvpReplies.ReplyView reply(@Body @Valid ReplyCommand command) {
        return Retry.onDeadlock(() -> replies.reply(command.id(), command.signature(), command.coming()));
    }

    /** From the follow-up after the date (no sign-in): I was there, or I could not come. */
    @Post("/rsvp/came")
    RsvpReplies.ReplyView came(@Body @Valid CameCommand command) {
        if (command.id() == null || command.id().isBlank() || command.signature() == null || command.signature().isBlank()) {
            throw ApiException.invalidField(command.id() == null || command.id().isBlank() ? "id" : "signature", "validation.NotBlank");
        }
        return replies.said(command.id(), command.signature(), command.came());
    }

    /** A supporter says on the action's page whether they came, once the date has begun. */
    @Post("/occurrences/{id}/came")
    @Access(Access.Level.SUPPORTER)
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> cameToDate(@PathVariable String id, @Body @Valid CameCommand command, @Caller Person person) {
        replies.said(person, id, command.came());
        return HttpResponse.noContent();
    }

    @Post("/rsvp/confirm")
    RsvpService.GuestRsvpView confirmGuest(@Body @Valid TokenCommand command, HttpRequest<?> request) {
        rateLimiter.consume("confirm-per-ip", clientAddress.of(request));
        return rsvps.confirmGuest(command.token());
    }

    @Post("/rsvp/view")
    RsvpService.GuestRsvpView guestView(@Body @Valid SignedCommand command) {
        return rsvps.guestView(command.id(), command.signature());
    }

    @Post("/rsvp/cancel")
    RsvpService.GuestRsvpView guestCancel(@Body @Valid SignedCommand command) {
        return rsvps.guestCancel(command.id(), command.signature());
    }

    @Get("/me/events")
    @Access(Access.Level.SUPPORTER)
    HttpResponse<List<EventSummary>> mine(@Caller Person person, HttpRequest<?> request) {
        List<Long> ids = rsvps.occurrencesOf(person, Instant.now()).stream().map(Occurrence::id).toList();
        return HttpResponse.ok(search.byIds(ids, Messages.localeOf(request))).header("Cache-Control", "no-store");
    }

}
