package org.cortege.privacy;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Instant;
import java.util.List;
import org.cortege.admin.campaigns.Unsubscriptions;
import org.cortege.people.Person;
import org.cortege.people.PersonService;
import org.cortege.people.SessionService;
import org.cortege.shared.Messages;
import org.cortege.shared.NoStore;

/**
 * A supporter's own rights, signed in: download everything held ({@code GET /api/me/data} as JSON,
 * {@code /api/me/data.html} to read), see and withdraw consents ({@code /api/me/consents}), delete the
 * account ({@code DELETE /api/me}). Corrections go through {@code PATCH /api/me}.
 */
@Access(Access.Level.SUPPORTER)
@Tag(name = "privacy")
@Controller("/api/me")
@ExecuteOn(TaskExecutors.BLOCKING)
class PrivacyController {

    @Serdeable
    record ConsentsView(boolean mailing, List<PersonalData.Consent> history) {
    }

    /** {@code given}: a JSON true or false (anything else is a 400: see StrictBooleanDeserializer). */
    @Serdeable
    record MailingCommand(@NotNull Boolean given) {
    }

    private final SessionService sessions;
    private final PersonService people;
    private final PersonalDataService data;
    private final PersonalDataPage page;
    private final Unsubscriptions unsubscriptions;
    private final Messages messages;

    PrivacyController(SessionService sessions, PersonService people, PersonalDataService data, PersonalDataPage page,
                      Unsubscriptions unsubscriptions, Messages messages) {
        this.sessions = sessions;
        this.people = people;
        this.data = data;
        this.page = page;
        this.unsubscriptions = unsubscriptions;
        this.messages = messages;
    }

    /** Everything held about the signed-in person, as a JSON file (portability). */
    @Get("/data")
    HttpResponse<PersonalData> json(@Caller Person me) {
        PersonalData d = data.export(me);
        return NoStore.ok(d).header("Content-Disposition", "attachment; filename=\"" + fileName(d.generatedAt()) + ".json\"");
    }

    /** The same, as a page to read, keep or print. */
    @Get("/data.html")
    @Produces(MediaType.TEXT_HTML + ";charset=utf-8")
    HttpResponse<String> html(@Caller Person me, HttpRequest<?> request) {
        PersonalData d = data.export(me);
        return NoStore.ok(page.render(d, Messages.localeOf(request)))
                .header("Content-Disposition", "inline; filename=\"" + fileName(d.generatedAt()) + ".html\"");
    }

    @Get("/consents")
    HttpResponse<ConsentsView> consents(@Caller Person me, HttpRequest<?> request) {
        return NoStore.ok(consentsOf(me, Messages.localeOf(request)));
    }

    /** Gives or withdraws the consent to the movement's mailings; withdrawing drops mailings still waiting. */
    @Put("/consents/mailing")
    HttpResponse<ConsentsView> mailing(@Body @Valid MailingCommand command, @Caller Person person, HttpRequest<?> request) {
        if (command.given()) {
            var locale = Messages.localeOf(request);
            people.giveEmailConsent(person.id(), messages.get(locale, "personalData.mailingConsentWording"), locale.getLanguage());
        } else {
            unsubscriptions.unsubscribe(person, "withdrawn by the person on their page");
        }
        return NoStore.ok(consentsOf(person, Messages.localeOf(request)));
    }

    /** Erases the account and everything attached to it, at once; ends every session. */
    @Delete
    @ApiResponse(responseCode = "204", description = "Done; no content")
    HttpResponse<?> erase(@Caller Person person, HttpRequest<?> request) {
        data.erase(person, null);
        return HttpResponse.noContent().cookie(sessions.close(request, true));
    }

    private ConsentsView consentsOf(Person person, java.util.Locale locale) {
        Person fresh = people.findAny(person.id()).orElse(person);
        var history = people.consents(person.id()).stream().map(c -> new PersonalData.Consent(c.purpose(), c.version(),
                c.locale(), PersonalDataService.wording(messages, c.wording(), locale), c.givenAt(), c.withdrawnAt())).toList();
        return new ConsentsView(fresh.emailConsent(), history);
    }

    private static String fileName(Instant at) {
        return "donnees-personnelles-" + at.toString().substring(0, 10);
    }
}
