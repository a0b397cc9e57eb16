package org.cortege.privacy;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import java.time.Instant;
import java.util.List;
import org.cortege.admin.Staff;
import org.cortege.admin.StaffService;
import org.cortege.people.PersonService;
import org.cortege.shared.ApiException;
import org.cortege.shared.NoStore;
import org.cortege.shared.Sql;

/**
 * For admins: who read or took personal data ({@code GET /api/admin/access-log}: person pages
 * opened, corrections, exports, imports, erasures), and erasing a person on their written request
 * ({@code DELETE /api/admin/people/{id}}).
 */
@Controller("/api/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class AccessLogController {

    static final List<String> ACTIONS = List.of("person.view", "person.update", "person.territories", "person.erase",
            "export.start", "import.start");
    private static final int SIZE = 50;

    /**
     * One access: by whom ({@code actorKind}: staff, self for a person erasing their own account,
     * retention for the inactive contacts pass, erased for a staff member erased since), what, about
     * which person or file.
     */
    @Serdeable
    record Access(Instant at, String actorKind, @Nullable String actor, @Nullable String actorId, String action,
                  String targetType, String targetId, @Nullable String target, @Nullable String detail) {
    }

    @Serdeable
    record AccessPage(List<Access> items, long total, int page, int size) {
    }

    private final StaffService staff;
    private final PersonService people;
    private final PersonalDataService data;
    private final Sql sql;

    AccessLogController(StaffService staff, PersonService people, PersonalDataService data, Sql sql) {
        this.staff = staff;
        this.people = people;
        this.data = data;
        this.sql = sql;
    }

    /** Newest first, 50 a page; {@code actor}: one staff member's public id. */
    @Get("/access-log{?page,actor}")
    HttpResponse<AccessPage> log(@Nullable @QueryValue Integer page, @Nullable @QueryValue String actor, HttpRequest<?> request) {
        staff.requireAdmin(request);
        int p = page == null ? 1 : page;
        if (p < 1 || p > 10_000) {
            throw ApiException.invalidField("page", "validation.page");
        }
        StringBuilder where = new StringBuilder("a.action IN (" + Sql.marks(ACTIONS.size()) + ")");
        List<Object> params = new java.util.ArrayList<>(ACTIONS);
        if (actor != null && !actor.isBlank()) {
            where.append(" AND a.actor_id = (SELECT id FROM person WHERE public_id = ?)");
            params.add(actor.strip());
        }
        long total = sql.number("SELECT COUNT(*) FROM audit_log a WHERE " + where, params);
        List<Object> pageParams = new java.util.ArrayList<>(params);
        pageParams.add(SIZE);
        pageParams.add((p - 1) * SIZE);
        List<Access> items = sql.list("SELECT a.created_at, CONCAT(s.first_name, ' ', s.last_name), s.public_id, a.action, "
                + "a.target_type, a.target_id, CONCAT(t.first_name, ' ', t.last_name), a.reason FROM audit_log a "
                + "LEFT JOIN person s ON s.id = a.actor_id "
                + "LEFT JOIN person t ON a.target_type = 'person' AND t.public_id = a.target_id "
                + "WHERE " + where + " ORDER BY a.id DESC LIMIT ? OFFSET ?", pageParams,
                rs -> new Access(rs.getTimestamp(1).toInstant(), actorKind(rs.getString(3), rs.getString(4), rs.getString(8)),
                        rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7),
                        rs.getString(8)));
        return NoStore.ok(new AccessPage(items, total, p, SIZE));
    }

    private static String actorKind(@Nullable String actorId, String action, @Nullable String reason) {
        if (actorId != null) {
            return "staff";
        }
        if ("person.erase".equals(action) && "by the person".equals(reason)) {
            return "self";
        }
        if ("person.erase".equals(action) && reason != null && reason.startsWith("inactive")) {
            return "retention";
        }
        return "erased";
    }

    /** Erases a person on their request (a letter to the data protection contact); admins only. */
    @Delete("/people/{id}")
    HttpResponse<?> erase(@PathVariable String id, HttpRequest<?> request) {
        Staff admin = staff.requireAdmin(request);
        var person = people.findByPublicId(id)
                .orElseThrow(() -> ApiException.of(io.micronaut.http.HttpStatus.NOT_FOUND, "person-not-found", "problem.personNotFound"));
        data.erase(person, admin.person());
        return HttpResponse.noContent();
    }
}
