package org.cortege.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every contact-database call against every kind of caller: anonymous, supporter, organizer of
 * one département (on a person inside and one outside it), admin. Each cell is the status the
 * call must answer; a change of rules shows here as a failing cell.
 */
@AppTest
class AdminPermissionsTest extends ApiTest {

    private final Map<String, String> cookies = new java.util.HashMap<>();
    private String inside;
    private String outside;
    private long tag;

    @BeforeAll
    void callers() {
        api = new Api(httpClient, json);
        cookies.put("admin", freshAdmin());
        cookies.put("supporter", confirmedSupporter(newEmail()));
        String organizerEmail = newEmail();
        cookies.put("organizer", confirmedSupporter(organizerEmail));
        api.put("/api/admin/people/" + string("SELECT public_id FROM person WHERE email = ?", organizerEmail) + "/territories",
                Map.of("departements", List.of("13")), "Cookie", cookies.get("admin"));
        inside = insertContact("Dans", "Territoire", LocalDate.of(1980, 1, 1), "13001", "13201", "Marseille 1er", "13", 43.3, 5.38,
                "CONFIRMED", "signup", Instant.now(), null, true);
        outside = insertContact("Hors", "Territoire", LocalDate.of(1980, 1, 1), "75011", "75111", "Paris 11e", "75", 48.86, 2.38,
                "CONFIRMED", "signup", Instant.now(), null, true);
        tag = ((Number) api.post("/api/admin/tags", Map.of("name", unique("Matrice")), "Cookie", cookies.get("admin")).get("id")).longValue();
    }

    private record Call(String name, String method, String path, Object body) {
    }

    private List<Call> calls() {
        List<Call> c = new ArrayList<>();
        c.add(new Call("who am I", "GET", "/api/admin/me", null));
        c.add(new Call("search", "POST", "/api/admin/people/search", Map.of()));
        c.add(new Call("live count", "POST", "/api/admin/segments/count", Map.of()));
        c.add(new Call("person inside", "GET", "/api/admin/people/" + inside, null));
        c.add(new Call("person outside", "GET", "/api/admin/people/" + outside, null));
        c.add(new Call("edit inside", "PATCH", "/api/admin/people/" + inside, Map.of("phone", "0491000000")));
        c.add(new Call("edit outside", "PATCH", "/api/admin/people/" + outside, Map.of("phone", "0491000000")));
        c.add(new Call("name organizer", "PUT", "/api/admin/people/" + inside + "/territories", Map.of("departements", List.of())));
        c.add(new Call("list tags", "GET", "/api/admin/tags", null));
        c.add(new Call("tag someone", "POST", "/api/admin/tags/" + tag + "/apply", Map.of("people", List.of(inside))));
        c.add(new Call("rename tag", "PATCH", "/api/admin/tags/" + tag, Map.of("name", unique("Matrice"))));
        c.add(new Call("segments", "GET", "/api/admin/segments", null));
        c.add(new Call("campaigns", "GET", "/api/admin/campaigns", null));
        c.add(new Call("imports", "GET", "/api/admin/imports", null));
        c.add(new Call("export", "POST", "/api/admin/exports", Map.of("selection", Map.of("people", List.of(inside)), "columns", List.of("email"))));
        c.add(new Call("export log", "GET", "/api/admin/exports", null));
        c.add(new Call("dashboard", "GET", "/api/admin/dashboard", null));
        c.add(new Call("moderation queue", "GET", "/api/admin/reports", null));
        c.add(new Call("audit log", "GET", "/api/admin/audit", null));
        c.add(new Call("access log", "GET", "/api/admin/access-log", null));
        return c;
    }

    /** Expected status per call, for: anonymous, supporter, organizer, admin. */
    private static final Map<String, int[]> EXPECTED = Map.ofEntries(
            Map.entry("who am I", new int[] {401, 403, 200, 200}),
            Map.entry("search", new int[] {401, 403, 200, 200}),
            Map.entry("live count", new int[] {401, 403, 200, 200}),
            Map.entry("person inside", new int[] {401, 403, 200, 200}),
            Map.entry("person outside", new int[] {401, 403, 404, 200}),
            Map.entry("edit inside", new int[] {401, 403, 200, 200}),
            Map.entry("edit outside", new int[] {401, 403, 404, 200}),
            Map.entry("name organizer", new int[] {401, 403, 403, 200}),
            Map.entry("list tags", new int[] {401, 403, 200, 200}),
            Map.entry("tag someone", new int[] {401, 403, 200, 200}),
            Map.entry("rename tag", new int[] {401, 403, 403, 204}),
            Map.entry("segments", new int[] {401, 403, 200, 200}),
            Map.entry("campaigns", new int[] {401, 403, 200, 200}),
            Map.entry("imports", new int[] {401, 403, 200, 200}),
            Map.entry("export", new int[] {401, 403, 200, 200}),
            Map.entry("export log", new int[] {401, 403, 403, 200}),
            Map.entry("dashboard", new int[] {401, 403, 200, 200}),
            Map.entry("moderation queue", new int[] {401, 403, 403, 200}),
            Map.entry("audit log", new int[] {401, 403, 403, 200}),
            Map.entry("access log", new int[] {401, 403, 403, 200}));

    @Test
    void everyCallAnswersAsTheMatrixSays() {
        List<String> roles = List.of("anonymous", "supporter", "organizer", "admin");
        List<String> wrong = new ArrayList<>();
        for (Call call : calls()) {
            int[] expected = EXPECTED.get(call.name());
            for (int r = 0; r < roles.size(); r++) {
                String cookie = cookies.get(roles.get(r));
                MutableHttpRequest<?> request = switch (call.method()) {
                    case "GET" -> HttpRequest.GET(call.path());
                    case "POST" -> HttpRequest.POST(call.path(), write(call.body()));
                    case "PATCH" -> HttpRequest.PATCH(call.path(), write(call.body()));
                    default -> HttpRequest.PUT(call.path(), write(call.body()));
                };
                if (call.body() != null) {
                    request.contentType(MediaType.APPLICATION_JSON_TYPE);
                }
                Api.Response response = cookie == null ? api.exchange(request) : api.exchange(request, "Cookie", cookie);
                if (response.status() != expected[r]) {
                    wrong.add(call.name() + " as " + roles.get(r) + ": " + response.status() + " instead of " + expected[r]);
                }
            }
        }
        assertEquals(List.of(), wrong);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
