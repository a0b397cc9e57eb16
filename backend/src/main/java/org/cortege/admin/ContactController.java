package org.cortege.admin;

import org.cortege.shared.Access;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.cortege.shared.Caller;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Patch;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.annotation.Put;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import java.util.Map;
import org.cortege.people.Person;
import org.cortege.shared.NoStore;

/** The contact database for admins and organizers: {@code /api/admin/me}, {@code /api/admin/people/**}. */
@Access(Access.Level.STAFF)
@Tag(name = "staff")
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class ContactController {

    @Serdeable
    record StaffView(boolean admin, List<String> departements) {
    }

    @Serdeable
    record TerritoriesCommand(@NotNull @Size(max = 110) List<@NotNull @Size(max = 3) String> departements) {
    }

    private final StaffService staff;
    private final ContactService contacts;
    private final DashboardService dashboard;

    private final org.cortege.shared.RateLimiter rateLimiter;
    private final org.cortege.people.SecondFactorService secondFactors;
    private final org.cortege.moderation.AuditLog audit;

    ContactController(StaffService staff, ContactService contacts, DashboardService dashboard, org.cortege.shared.RateLimiter rateLimiter,
                      org.cortege.people.SecondFactorService secondFactors, org.cortege.moderation.AuditLog audit) {
        this.secondFactors = secondFactors;
        this.audit = audit;
        this.rateLimiter = rateLimiter;
        this.dashboard = dashboard;
        this.staff = staff;
        this.contacts = contacts;
    }

    /** What the signed-in person may do here: admin, or organizer of these départements (403 otherwise). */
    @Get("/me")
    HttpResponse<StaffView> me(@Caller Staff s) {
        return NoStore.ok(new StaffView(s.admin(), List.copyOf(new java.util.TreeSet<>(s.departements()))));
    }

    /** A sorted page of the people a selection (text, rule, segment) picks; sorts: name, created, lastActive, commune, departement, age. */
    @Post("/people/search")
    HttpResponse<ContactService.ContactPage> search(@Body @Valid Selection selection, @Caller Staff s) {
        rateLimiter.consume("staff-read-per-person", s.person().publicId());
        String sort = selection.sort() == null ? "created" : selection.sort();
        boolean descending = selection.descending() == null ? "created".equals(sort) || "lastActive".equals(sort) : selection.descending();
        int page = selection.page() == null ? 1 : selection.page();
        int size = selection.size() == null ? 50 : selection.size();
        return NoStore.ok(contacts.search(s, selection.q(), contacts.ruleOf(selection), sort, descending, page, size));
    }

    @Get("/people/{id}")
    HttpResponse<ContactDetail> detail(@PathVariable String id, @Caller Staff s) {
        rateLimiter.consume("staff-read-per-person", s.person().publicId());
        return NoStore.ok(contacts.open(s, id));
    }

    @Patch("/people/{id}")
    HttpResponse<ContactDetail> update(@PathVariable String id, @Body @Valid ContactUpdateCommand command, @Caller Staff caller) {
        return NoStore.ok(contacts.update(caller, id, command));
    }

    /** Admins make a person an organizer of these départements (an empty list: no longer one). */
    @Put("/people/{id}/territories")
    @Access(Access.Level.ADMIN)
    HttpResponse<Map<String, List<String>>> territories(@PathVariable String id, @Body @Valid TerritoriesCommand command, @Caller Staff admin) {
        Person person = contacts.reachable(admin, id);
        return NoStore.ok(Map.of("departements", staff.setTerritories(admin, person, command.departements())));
    }

    @Serdeable
    record Permit(String code, java.time.Instant expiresAt) {
    }

    /**
     * Admins give a staff member a one-time permit to set up their authenticator app (where it is
     * required), to hand over in person or by phone, never by mail. Logged.
     */
    @Post("/people/{id}/second-factor-permit")
    @Access(Access.Level.ADMIN)
    HttpResponse<Permit> secondFactorPermit(@PathVariable String id, @Caller Staff admin) {
        Person person = contacts.reachable(admin, id);
        String code = secondFactors.issuePermit(person, admin.person().id());
        audit.record(admin.person(), "person.secondFactorPermit", "person", person.publicId(), null);
        return NoStore.ok(new Permit(code, java.time.Instant.now().plus(java.time.Duration.ofDays(7))));
    }

    /** Growth figures within the viewer's territory (kept a minute). */
    @Get("/dashboard")
    HttpResponse<DashboardService.Dashboard> dashboard(@Caller Staff caller) {
        return NoStore.ok(dashboard.dashboard(caller));
    }

    /** The live count while a segment is edited: how many people the selection picks, within the viewer's territory. */
    @Post("/segments/count")
    HttpResponse<Map<String, Long>> count(@Body @Valid Selection selection, @Caller Staff s) {
        return NoStore.ok(Map.of("count", contacts.count(s, selection.q(), contacts.ruleOf(selection))));
    }

}
