package org.cortege.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.management.endpoint.annotation.Endpoint;
import io.micronaut.web.router.Router;
import io.micronaut.web.router.UriRouteInfo;
import jakarta.inject.Inject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.cortege.shared.Access;
import org.cortege.shared.Tokens;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * The permission matrix, generated: every route of the router × every kind of caller, on one
 * fixture (a victim supporter of the 13 who joined a group and comes to one of its actions). For
 * each cell it asserts the status the route's declared level implies, that nothing answers 5xx,
 * and that the victim's address, phone and last name reach only those entitled to them. The
 * observed matrix is written to {@code target/permission-matrix.md} for review.
 */
@AppTest
class PermissionMatrixTest extends ApiTest {

    /** What a caller is, for the access layer. */
    enum Kind { NOBODY, SUPPORTER, ORGANIZER, ADMIN }

    /** {@code sees}: may read the victim's address and phone; {@code seesName}: their last name (group managers). */
    record Actor(String name, String cookie, Kind kind, boolean sees, boolean seesName, String... headers) {
    }

    private static final String VICTIM_PHONE_DIGITS = "0798765432";

    @Inject
    Router router;

    @Test
    void everyRouteAgainstEveryKindOfCaller() throws Exception {
        String admin = freshAdmin();

        // The victim and the group around them.
        String victimEmail = newEmail();
        Map<String, Object> victimBody = signupBody(victimEmail);
        victimBody.put("lastName", "Victimowska");
        victimBody.put("phone", "07 98 76 54 32");
        String victim = confirmedSupporter(victimBody);
        String victimId = string("SELECT public_id FROM person WHERE email = ?", victimEmail);

        String founder = confirmedSupporter(newEmail());
        String group = createGroup(founder, unique("Groupe de la matrice"), "13001");
        String managerEmail = newEmail();
        String manager = confirmedSupporter(managerEmail);
        api.post("/api/groups/" + group + "/membership", Map.of(), "Cookie", manager);
        String managerId = string("SELECT public_id FROM person WHERE email = ?", managerEmail);
        assertEquals(204, api.patch("/api/groups/" + group + "/members/" + managerId, Map.of("role", "MANAGER"), "Cookie", founder).status());
        String member = confirmedSupporter(newEmail());
        api.post("/api/groups/" + group + "/membership", Map.of(), "Cookie", member);
        api.post("/api/groups/" + group + "/membership", Map.of(), "Cookie", victim);

        String day = LocalDate.now().plusDays(10).toString();
        Map<String, Object> event = new HashMap<>(Map.of("title", unique("Action de la matrice"), "type", "leafleting",
                "description", "Rendez-vous devant la mairie.", "start", day + "T10:00", "end", day + "T12:00",
                "postalCode", "13001", "address", "Place du marché"));
        Api.Response created = api.post("/api/groups/" + group + "/events", event, "Cookie", founder);
        assertEquals(201, created.status(), created.body());
        String eventId = (String) created.get("id");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> dates = (List<Map<String, Object>>) api.get("/api/events/" + eventId).get("occurrences");
        String occurrence = (String) dates.get(0).get("id");
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", victim).status());
        assertTrue(rsvpId(victimEmail) != null, "the victim comes");
        String rsvpId = string("SELECT r.public_id FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ?", victimEmail);

        Api.Response savedSegment = api.post("/api/admin/segments", Map.of("name", unique("Segment"),
                "rule", Map.of("field", "departement", "values", List.of("13"))), "Cookie", admin);
        assertEquals(201, savedSegment.status(), savedSegment.body());
        String segment = (String) savedSegment.get("id");
        Api.Response savedTag = api.post("/api/admin/tags", Map.of("name", unique("étiquette")), "Cookie", admin);
        assertEquals(201, savedTag.status(), savedTag.body());
        Object tag = savedTag.get("id");

        // The callers.
        List<Actor> actors = new ArrayList<>();
        actors.add(new Actor("visitor", null, Kind.NOBODY, false, false));
        actors.add(new Actor("unconfirmed", sessionOf(pendingPerson()), Kind.NOBODY, false, false));
        String banned = confirmedSupporter(newEmail());
        long bannedId = count("SELECT p.id FROM person p JOIN user_session s ON s.person_id = p.id WHERE s.token_hash = ?",
                Tokens.hash(banned.substring(banned.indexOf('=') + 1)));
        update("UPDATE person SET status = 'BANNED' WHERE id = ?", bannedId);
        actors.add(new Actor("banned", banned, Kind.NOBODY, false, false));
        actors.add(new Actor("supporter", confirmedSupporter(newEmail()), Kind.SUPPORTER, false, false));
        actors.add(new Actor("member", member, Kind.SUPPORTER, false, false));
        actors.add(new Actor("manager", manager, Kind.SUPPORTER, false, true));
        actors.add(new Actor("founder", founder, Kind.SUPPORTER, false, true));
        String removedAdminEmail = newEmail();
        String removedAdmin = confirmedSupporter(removedAdminEmail);
        // Made admin by the operator, then revoked while their session stayed open (the row's flag is stale).
        update("UPDATE person SET admin = TRUE, admin_granted = FALSE WHERE email = ?", removedAdminEmail);
        actors.add(new Actor("removed admin", removedAdmin, Kind.SUPPORTER, false, false));
        String unprovedEmail = newEmail();
        String unproved = confirmedSupporter(unprovedEmail);
        update("UPDATE person SET admin = TRUE, admin_granted = TRUE WHERE email = ?", unprovedEmail);
        update("INSERT INTO person_second_factor (person_id, secret, created_at, confirmed_at) "
                + "SELECT id, REPEAT('k', 20), UTC_TIMESTAMP(6), UTC_TIMESTAMP(6) FROM person WHERE email = ?", unprovedEmail);
        actors.add(new Actor("admin, second factor not proved", unproved, Kind.SUPPORTER, false, false));
        actors.add(new Actor("organizer of 75", anOrganizer(admin, "75").cookie(), Kind.ORGANIZER, false, false));
        actors.add(new Actor("organizer of 13", anOrganizer(admin, "13").cookie(), Kind.ORGANIZER, true, true));
        actors.add(new Actor("admin through a link from another site", admin, Kind.SUPPORTER, true, true, "Sec-Fetch-Site", "cross-site"));
        actors.add(new Actor("admin without Fetch Metadata nor X-Requested-With", admin, Kind.SUPPORTER, true, true, "X-Requested-With", ""));
        actors.add(new Actor("admin through a link from a sibling subdomain", admin, Kind.SUPPORTER, true, true, "Sec-Fetch-Site", "same-site"));
        actors.add(new Actor("admin clicking a link on the site itself", admin, Kind.SUPPORTER, true, true,
                "Sec-Fetch-Site", "same-origin", "Sec-Fetch-Mode", "navigate"));
        actors.add(new Actor("admin", admin, Kind.ADMIN, true, true));

        Map<String, String> ids = new HashMap<>();
        ids.put("/api/admin/people/{id}", victimId);
        ids.put("/api/admin/segments/{id}", segment);
        ids.put("/api/admin/tags/{id}", String.valueOf(tag));
        ids.put("/api/admin/groups/{id}", group);
        ids.put("/api/admin/events/{id}", eventId);
        ids.put("/api/occurrences/{id}", occurrence);
        ids.put("/api/groups/{idOrSlug}", group);
        ids.put("/api/events/{idOrSlug}", eventId);
        ids.put("/api/previews/actions/{slug}", eventId);
        ids.put("/api/previews/groups/{slug}", group);
        ids.put("{group}", group);
        ids.put("{event}", eventId);
        ids.put("{memberId}", victimId);
        ids.put("{rsvpId}", rsvpId);
        ids.put("{code}", "13001");
        ids.put("{kind}", "group-action");
        ids.put("{seq}", "0");
        ids.put("{token}", "x".repeat(43));
        ids.put("{id}", "nothing-here-0000");

        // Routes that end the caller's own session or account run last; deletions just before.
        Map<String, UriRouteInfo<?, ?>> distinct = new LinkedHashMap<>();
        router.uriRoutes().filter(r -> !r.getDeclaringType().isAnnotationPresent(Endpoint.class))
                .forEach(r -> distinct.putIfAbsent(r.getHttpMethodName() + " " + r.getUriMatchTemplate().toPathString(), r));
        List<UriRouteInfo<?, ?>> routes = new ArrayList<>(distinct.values());
        routes.sort(Comparator.<UriRouteInfo<?, ?>>comparingInt(r -> endsSession(r))
                .thenComparing(r -> r.getUriMatchTemplate().toPathString()).thenComparing(UriRouteInfo::getHttpMethodName));

        List<String> failures = new ArrayList<>();
        StringBuilder matrix = new StringBuilder("| route | level |");
        for (Actor a : actors) {
            matrix.append(' ').append(a.name()).append(" |");
        }
        matrix.append("\n|---|---|").append("---|".repeat(actors.size())).append('\n');
        int cells = 0;
        for (UriRouteInfo<?, ?> route : routes) {
            Access.Level level = AccessFilter.levelOf(route);
            String template = route.getUriMatchTemplate().toPathString();
            String path = expand(template, ids);
            String name = route.getHttpMethodName() + " " + template;
            matrix.append("| `").append(name).append("` | ").append(level).append(" |");
            for (Actor actor : actors) {
                Api.Response r = call(route, path, actor);
                cells++;
                matrix.append(' ').append(r.status()).append(" |");
                String cell = name + " as " + actor.name() + " → " + r.status() + " " + abbreviate(r.body());
                if (r.status() >= 500) {
                    failures.add(cell + ": a server error");
                }
                Integer expected = expected(level, actor.kind());
                if (expected != null && r.status() != expected) {
                    failures.add(cell + ": expected " + expected + " for a route declared " + level);
                }
                if (expected == null && endsSession(route) < 2 && (level != Access.Level.VISITOR && r.status() == 401
                        || level == Access.Level.ADMIN && r.status() == 403 && actor.kind() == Kind.ADMIN)) {
                    failures.add(cell + ": refused by the access layer although allowed");
                }
                if (route.getHttpMethod() == HttpMethod.HEAD) {
                    continue; // no body to read
                }
                if (actor.name().startsWith("admin, second factor") && level != null && level.compareTo(Access.Level.STAFF) >= 0
                        && !r.body().contains("second-factor-needed")) {
                    failures.add(cell + ": should ask for the second factor");
                }
                if (actor.kind() == Kind.ORGANIZER && !actor.sees() && path.contains(victimId) && r.status() < 400) {
                    failures.add(cell + ": an organizer reached a person outside their territory");
                }
                String body = r.body().toLowerCase();
                if (!actor.sees() && (body.contains(victimEmail.toLowerCase()) || body.replaceAll("[\\s.+]", "").contains(VICTIM_PHONE_DIGITS)
                        || body.contains("+33798765432"))) {
                    failures.add(cell + ": the victim's address or phone leaked");
                }
                if (!actor.seesName() && body.contains("victimowska")) {
                    failures.add(cell + ": the victim's last name leaked");
                }
            }
            matrix.append('\n');
        }
        Path out = Path.of("target", "permission-matrix.md");
        Files.createDirectories(out.getParent());
        Files.writeString(out, "# Permission matrix (generated by PermissionMatrixTest)\n\n" + cells + " requests.\n\n" + matrix);
        assertTrue(routes.size() > 60, "every route was tried: " + routes.size());
        assertTrue(failures.isEmpty(), failures.size() + " cells wrong:\n" + String.join("\n", failures));
    }

    /** The status the access layer itself must answer, or null when the route's own rules decide. */
    private static Integer expected(Access.Level level, Kind kind) {
        if (level == null) {
            return 403;
        }
        if (level == Access.Level.VISITOR || kind == Kind.ADMIN) {
            return null;
        }
        if (kind == Kind.NOBODY) {
            return 401;
        }
        if (level == Access.Level.SUPPORTER) {
            return null;
        }
        return kind == Kind.SUPPORTER || level == Access.Level.ADMIN ? Integer.valueOf(403) : null;
    }

    /** Deletions after the rest, then erasing one's own account, then signing out: each kills what follows. */
    private static int endsSession(UriRouteInfo<?, ?> route) {
        String t = route.getUriMatchTemplate().toPathString();
        if (t.equals("/api/logout")) {
            return 3;
        }
        if (t.equals("/api/me") && route.getHttpMethod() == HttpMethod.DELETE) {
            return 2;
        }
        return route.getHttpMethod() == HttpMethod.DELETE ? 1 : 0;
    }

    /** An empty JSON object, or empty bytes where the route takes another format (uploads). */
    private Api.Response call(UriRouteInfo<?, ?> route, String path, Actor actor) {
        HttpMethod method = route.getHttpMethod();
        boolean json = route.getConsumes().isEmpty() || route.getConsumes().contains(MediaType.APPLICATION_JSON_TYPE)
                || route.consumesAll();
        MediaType type = json ? MediaType.APPLICATION_JSON_TYPE : route.getConsumes().get(0);
        Object body = json ? "{}" : MediaType.APPLICATION_FORM_URLENCODED_TYPE.equals(type) ? Map.of() : new byte[0];
        MutableHttpRequest<?> request = switch (method) {
            case GET -> HttpRequest.GET(path);
            case HEAD -> HttpRequest.HEAD(path);
            case DELETE -> HttpRequest.DELETE(path);
            case POST -> HttpRequest.POST(path, body).contentType(type);
            case PUT -> HttpRequest.PUT(path, body).contentType(type);
            case PATCH -> HttpRequest.PATCH(path, body).contentType(type);
            default -> HttpRequest.create(method, path);
        };
        List<String> headers = new ArrayList<>(List.of(actor.headers()));
        if (actor.cookie() != null) {
            headers.add("Cookie");
            headers.add(actor.cookie());
        }
        return api.exchange(request, headers.toArray(String[]::new));
    }

    private static String expand(String template, Map<String, String> ids) {
        String path = template.replaceAll("\\{\\?[^}]*}", "");
        for (Map.Entry<String, String> e : new LinkedHashMap<>(ids).entrySet()) {
            if (e.getKey().startsWith("/") && path.startsWith(e.getKey().substring(0, e.getKey().indexOf('{')))) {
                String var = e.getKey().substring(e.getKey().indexOf('{'));
                path = path.replaceFirst(java.util.regex.Pattern.quote(var), e.getValue());
            }
        }
        for (Map.Entry<String, String> e : ids.entrySet()) {
            if (e.getKey().startsWith("{")) {
                path = path.replace(e.getKey(), e.getValue());
            }
        }
        if (path.contains("{")) {
            throw new AssertionError("no value for a variable of " + template + ": add it to the fixture");
        }
        return path;
    }

    private String rsvpId(String email) {
        return string("SELECT r.public_id FROM event_rsvp r JOIN person p ON p.id = r.person_id WHERE p.email = ?", email);
    }

    private String pendingPerson() {
        String email = newEmail();
        api.post("/api/signup", signupBody(email));
        return string("SELECT CAST(id AS CHAR) FROM person WHERE email = ?", email);
    }

    /** A live session row for a person, as one left over from before a change would be. */
    private String sessionOf(String personId) {
        String token = Tokens.newToken();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        update("INSERT INTO user_session (token_hash, person_id, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?)",
                Tokens.hash(token), Long.parseLong(personId), Timestamp.from(now), Timestamp.from(now), Timestamp.from(now.plus(1, ChronoUnit.DAYS)));
        return "cortege_session=" + token;
    }

    private static String abbreviate(String body) {
        return body.length() > 160 ? body.substring(0, 160) + "…" : body;
    }
}
