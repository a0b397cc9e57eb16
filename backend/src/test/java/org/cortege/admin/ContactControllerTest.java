package org.cortege.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.stream.Collectors;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The contact database over HTTP on the real MariaDB: each segment criterion and combinations
 * checked against the expected people, full-text search, tags, corrections by staff, and the
 * permission matrix (anonymous, supporter, organizer of one département, admin).
 */
@AppTest
class ContactControllerTest extends ApiTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private String admin;
    private String run;
    /** Carried by every fixture person of this run: rules are ANDed with it so other tests' people never count. */
    private long runTag;
    private long secondTag;
    private final Map<String, String> ids = new HashMap<>();
    private String groupSlug;
    private LocalDate actionDay;

    @BeforeAll
    void fixtures() {
        api = new Api(httpClient, json);
        admin = freshAdmin();
        run = UUID.randomUUID().toString().substring(0, 8);
        LocalDate today = LocalDate.now(PARIS);
        Instant now = Instant.now();
        ids.put("A", insertContact("Alice", "Durand" + run, today.minusYears(20).minusDays(3), "13001", "13201", "Marseille 1er", "13",
                43.2999, 5.3841, "CONFIRMED", "signup", now.minus(10, ChronoUnit.DAYS), now.minus(2, ChronoUnit.DAYS), true));
        ids.put("B", insertContact("Bruno", "Petit" + run, today.minusYears(40), "13100", "13001", "Aix-en-Provence", "13",
                43.5283, 5.4497, "CONFIRMED", "import:test.csv", now.minus(400, ChronoUnit.DAYS), now.minus(300, ChronoUnit.DAYS), false));
        ids.put("C", insertContact("Chloé", "Martin" + run, null, "75011", "75111", "Paris 11e", "75",
                48.8590, 2.3800, "CONTACT", "import:test.csv", now.minus(5, ChronoUnit.DAYS), null, true));
        ids.put("D", insertContact("David", "Moreau" + run, today.minusYears(65), "75011", "75111", "Paris 11e", "75",
                48.8590, 2.3800, "PENDING", "signup", now.minus(1, ChronoUnit.DAYS), null, true));
        // E is only for the corrections test: changing A–D would change what the criteria select.
        ids.put("E", insertContact("Émile", "Roux" + run, today.minusYears(33), "13001", "13201", "Marseille 1er", "13",
                43.2999, 5.3841, "CONFIRMED", "signup", now.minus(3, ChronoUnit.DAYS), now, true));
        interest("A", "ecologie");
        interest("B", "logement");
        interest("C", "ecologie");
        interest("C", "logement");

        runTag = createTag("Fixture " + run);
        secondTag = createTag("Deuxième " + run);
        Api.Response tagged = api.post("/api/admin/tags/" + runTag + "/apply", Map.of("people",
                List.of(ids.get("A"), ids.get("B"), ids.get("C"), ids.get("D"))), "Cookie", admin);
        assertEquals(200, tagged.status(), tagged.body());
        assertEquals(4, ((Number) tagged.get("count")).intValue());
        assertEquals(2, ((Number) api.post("/api/admin/tags/" + secondTag + "/apply", Map.of("people", List.of(ids.get("B"), ids.get("C"))),
                "Cookie", admin).get("count")).intValue());

        // A is a member of a group and came to one of its actions; C said they would come.
        String founder = confirmedSupporter(newEmail());
        String groupId = createGroup(founder, unique("Groupe contacts"), "13001");
        groupSlug = (String) api.get("/api/groups/" + groupId).get("slug");
        update("INSERT INTO group_membership (group_id, person_id, role, joined_at) SELECT g.id, p.id, 'MEMBER', NOW(6) "
                + "FROM support_group g, person p WHERE g.public_id = ? AND p.public_id = ?", groupId, ids.get("A"));
        actionDay = LocalDate.now(PARIS).plusDays(12);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("title", unique("Porte-à-porte"));
        event.put("type", "door-to-door");
        event.put("description", "Rendez-vous au métro.");
        event.put("start", actionDay + "T10:00");
        event.put("end", actionDay + "T12:00");
        event.put("postalCode", "13001");
        Api.Response published = api.post("/api/groups/" + groupId + "/events", event, "Cookie", founder);
        assertEquals(201, published.status(), published.body());
        String slug = (String) published.get("slug");
        rsvp(slug, "A", true);
        rsvp(slug, "C", false);
    }

    private void interest(String who, String key) {
        update("INSERT INTO person_interest (person_id, interest_key) SELECT id, ? FROM person WHERE public_id = ?", key, ids.get(who));
    }

    private void rsvp(String eventSlug, String who, boolean attended) {
        update("INSERT INTO event_rsvp (public_id, occurrence_id, person_id, locale, attendee_key, status, attended, created_at, updated_at) "
                        + "SELECT ?, o.id, p.id, 'fr', CONCAT('p:', p.id), 'CONFIRMED', ?, NOW(6), NOW(6) FROM event e "
                        + "JOIN event_occurrence o ON o.event_id = e.id, person p WHERE e.slug = ? AND p.public_id = ?",
                "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 15), attended, eventSlug, ids.get(who));
    }

    private long createTag(String name) {
        Api.Response r = api.post("/api/admin/tags", Map.of("name", name), "Cookie", admin);
        assertEquals(201, r.status(), r.body());
        return ((Number) r.get("id")).longValue();
    }

    // Rules as the page's builder writes them.

    private static Map<String, Object> rule(String field, Object... keyValues) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("field", field);
        for (int i = 0; i + 1 < keyValues.length; i += 2) {
            r.put((String) keyValues[i], keyValues[i + 1]);
        }
        return r;
    }

    private static Map<String, Object> op(String op, Object... rules) {
        return Map.of("op", op, "rules", List.of(rules));
    }

    /** The fixture letters a rule selects (ANDed with this run's tag), checked against the live count too. */
    private Set<String> select(Map<String, Object> rule) {
        return select(rule, null, admin);
    }

    private Set<String> select(Map<String, Object> rule, String q, String cookie) {
        Map<String, Object> body = new HashMap<>();
        body.put("rule", op("and", rule("tag", "values", List.of(Long.toString(runTag))), rule));
        body.put("size", 200);
        if (q != null) {
            body.put("q", q);
        }
        Api.Response page = api.post("/api/admin/people/search", body, "Cookie", cookie);
        assertEquals(200, page.status(), page.body());
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        Api.Response count = api.post("/api/admin/segments/count", body, "Cookie", cookie);
        assertEquals(200, count.status(), count.body());
        assertEquals(items.size(), ((Number) count.get("count")).intValue(), "the live count agrees with the list");
        assertEquals(items.size(), ((Number) page.get("total")).intValue());
        return letters(items);
    }

    private Set<String> letters(List<Map<String, Object>> items) {
        Map<String, String> byId = ids.entrySet().stream().collect(Collectors.toMap(Map.Entry::getValue, Map.Entry::getKey));
        return items.stream().map(i -> byId.getOrDefault((String) i.get("id"), "?" + i.get("id"))).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> set(String... letters) {
        return new TreeSet<>(List.of(letters));
    }

    @Test
    void eachCriterionSelectsExactlyTheExpectedPeople() {
        assertEquals(set("A", "B", "C", "D"), select(op("and")));
        assertEquals(set("A"), select(rule("age", "min", 18, "max", 25)));
        assertEquals(set("B", "D"), select(rule("age", "min", 30)));
        assertEquals(set("B", "C", "D"), select(op("not", rule("age", "min", 18, "max", 25))), "unknown age is not 18–25");
        assertEquals(set("A", "B"), select(rule("departement", "values", List.of("13"))));
        assertEquals(set("C", "D"), select(rule("region", "values", List.of("11"))));
        assertEquals(set("A"), select(rule("commune", "values", List.of("13201"))));
        assertEquals(set("C", "D"), select(rule("postalCode", "values", List.of("75 011"))));
        assertEquals(set("A"), select(rule("near", "postalCode", "13001", "radiusKm", 10)));
        assertEquals(set("A", "B"), select(rule("near", "lat", 43.30, "lng", 5.38, "radiusKm", 40)));
        assertEquals(set("A", "C"), select(rule("interest", "values", List.of("ecologie"))));
        assertEquals(set("B", "C"), select(rule("tag", "values", List.of(Long.toString(secondTag)))));
        assertEquals(set("A"), select(rule("group", "values", List.of(groupSlug))));
        assertEquals(set("A"), select(rule("group", "role", "member")));
        assertEquals(set(), select(rule("group", "role", "manager")));
        String from = LocalDate.now(PARIS).toString();
        String to = actionDay.plusDays(1).toString();
        assertEquals(set("A", "C"), select(rule("rsvp", "from", from, "to", to)));
        assertEquals(set("A"), select(rule("attended", "from", from, "to", to)));
        assertEquals(set(), select(rule("attended", "from", from, "to", actionDay.minusDays(1).toString())), "the window is on the action's date");
        assertEquals(set("A", "C", "D"), select(rule("signup", "withinDays", 30)));
        assertEquals(set("A"), select(rule("lastActivity", "withinDays", 30)));
        assertEquals(set("B", "C", "D"), select(op("not", rule("lastActivity", "withinDays", 180))), "never active counts as inactive");
        assertEquals(set("B", "C"), select(rule("source", "values", List.of("import:test.csv"))));
        assertEquals(set("C"), select(rule("status", "values", List.of("contact"))));
        assertEquals(set("B"), select(rule("emailConsent", "value", false)));
    }

    @Test
    void criteriaCombineWithAndOrNot() {
        assertEquals(set("B", "C", "D"), select(op("or", rule("departement", "values", List.of("75")), rule("interest", "values", List.of("logement")))));
        assertEquals(set("A"), select(op("and", rule("interest", "values", List.of("ecologie")), op("not", rule("status", "values", List.of("CONTACT"))))));
        assertEquals(set("D"), select(op("and", rule("age", "min", 60), op("or", rule("departement", "values", List.of("75")),
                rule("near", "postalCode", "13001", "radiusKm", 5)))));
        assertEquals(set(), select(op("and", rule("departement", "values", List.of("13")), rule("departement", "values", List.of("75")))),
                "an empty segment is an answer, not an error");
    }

    @Test
    void textSearchFindsNamesAndAddressesAndSortsTheTable() {
        assertEquals(set("A"), select(op("and"), "durand" + run, admin));
        assertEquals(set("A"), select(op("and"), "Ali Durand" + run, admin), "several words, each a prefix");
        assertEquals(set("C"), select(op("and"), "chloe martin" + run, admin), "accents do not matter");
        String david = string("SELECT email FROM person WHERE public_id = ?", ids.get("D"));
        assertEquals(set("D"), select(op("and"), david.substring(0, david.indexOf('@') + 4), admin), "the start of an address");
        assertEquals(set(), select(op("and"), "Zorglub" + run, admin));
        assertEquals(set("B"), select(op("and"), "Br", admin), "a short word starts a name");

        Map<String, Object> body = new HashMap<>();
        body.put("rule", rule("tag", "values", List.of(Long.toString(runTag))));
        body.put("sort", "name");
        Api.Response page = api.post("/api/admin/people/search", body, "Cookie", admin);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> items = (List<Map<String, Object>>) page.get("items");
        assertEquals(List.of("A", "C", "D", "B"), items.stream().map(i -> letters(List.of(i)).iterator().next()).toList());
        Map<String, Object> alice = items.get(0);
        assertEquals(20, ((Number) alice.get("age")).intValue());
        assertEquals(1, ((Number) alice.get("attended")).intValue());
        assertTrue(alice.get("groups").toString().contains(groupSlug), alice.toString());
        assertEquals(List.of("ecologie"), alice.get("interests"));
        assertEquals("Marseille 1er", alice.get("commune"));

        body.put("sort", "password");
        assertEquals(400, api.post("/api/admin/people/search", body, "Cookie", admin).status());
    }

    @Test
    void badRulesAreRefusedWithAMessage() {
        List<Object[]> cases = List.of(
                new Object[] {rule("shoeSize", "values", List.of("42")), "Critère inconnu «\u00a0shoeSize\u00a0»."},
                new Object[] {Map.of("op", "xor", "rules", List.of()), "Opérateur inconnu «\u00a0xor\u00a0»\u00a0: utilisez et, ou, sauf (and, or, not)."},
                new Object[] {rule("age", "min", 30, "max", 20), null},
                new Object[] {rule("age", "min", -1), null},
                new Object[] {rule("signup", "from", "1850-01-01"), null},
                new Object[] {rule("signup", "from", "2026-13-45"), null},
                new Object[] {rule("signup", "withinDays", 0), null},
                new Object[] {rule("departement", "values", List.of("99x")), "Valeur non reconnue pour le critère «\u00a0departement\u00a0»\u00a0: «\u00a099x\u00a0»."},
                new Object[] {rule("departement", "values", List.of()), null},
                new Object[] {rule("near", "postalCode", "13001", "radiusKm", 0), null},
                new Object[] {rule("near", "postalCode", "00000", "radiusKm", 5), null},
                new Object[] {rule("tag", "values", List.of("1 OR 1=1")), null},
                new Object[] {rule("interest", "values", List.of("'; DROP TABLE person; --")), null},
                new Object[] {rule("group", "values", List.of("no-such-group-" + run)), null},
                new Object[] {rule("emailConsent"), null});
        for (Object[] c : cases) {
            Api.Response r = api.post("/api/admin/segments/count", Map.of("rule", c[0]), "Cookie", admin);
            assertEquals(400, r.status(), c[0] + " → " + r.body());
            assertTrue(r.fieldError("rule").isPresent(), r.body());
            if (c[1] != null) {
                assertEquals(c[1], r.fieldError("rule").get());
            }
        }
        Map<String, Object> deep = rule("age", "min", 18);
        for (int i = 0; i < 7; i++) {
            deep = op("and", deep);
        }
        Api.Response tooDeep = api.post("/api/admin/segments/count", Map.of("rule", deep), "Cookie", admin, "Accept-Language", "en");
        assertEquals(400, tooDeep.status());
        assertEquals("Filter too complex: at most 60 conditions over 6 levels.", tooDeep.fieldError("rule").orElseThrow());
        assertEquals(1, count("SELECT COUNT(*) FROM information_schema.tables WHERE table_name = 'person' AND table_schema = DATABASE()"));
        assertEquals(400, api.post("/api/admin/tags/" + runTag + "/apply", Map.of(), "Cookie", admin).status(),
                "a bulk change without a selection would tag everyone");
    }

    @Test
    void savedSegmentsStayUpToDateAndFollowATagMerge() {
        long merged = createTag("À fusionner " + run);
        Map<String, Object> definition = op("and", rule("tag", "values", List.of(Long.toString(merged))));
        Api.Response saved = api.post("/api/admin/segments", Map.of("name", "Fusion " + run, "rule", definition), "Cookie", admin);
        assertEquals(201, saved.status(), saved.body());
        String segment = (String) saved.get("id");
        assertEquals(0, ((Number) api.get("/api/admin/segments/" + segment + "/count", "Cookie", admin).get("count")).intValue());
        api.post("/api/admin/tags/" + merged + "/apply", Map.of("people", List.of(ids.get("A"), ids.get("B"))), "Cookie", admin);
        assertEquals(2, ((Number) api.get("/api/admin/segments/" + segment + "/count", "Cookie", admin).get("count")).intValue(),
                "a saved segment is evaluated at each use");
        assertEquals(409, api.post("/api/admin/tags", Map.of("name", "à FUSIONNER " + run), "Cookie", admin).status());
        long other = createTag("Autre " + run);
        assertEquals(409, api.patch("/api/admin/tags/" + other, Map.of("name", "À FUSIONNER " + run), "Cookie", admin).status(),
                "a rename to another tag's name (case aside) is refused");
        assertEquals(204, api.patch("/api/admin/tags/" + other, Map.of("name", "Autre nom " + run), "Cookie", admin).status());
        assertEquals("Autre nom " + run, string("SELECT name FROM tag WHERE id = ?", other));

        Api.Response merge = api.post("/api/admin/tags/" + merged + "/merge", Map.of("into", secondTag), "Cookie", admin);
        assertEquals(204, merge.status(), merge.body());
        assertEquals(set("A", "B", "C"), select(rule("tag", "values", List.of(Long.toString(secondTag)))));
        assertEquals(3, ((Number) api.get("/api/admin/segments/" + segment + "/count", "Cookie", admin).get("count")).intValue(),
                "the segment now names the tag it was merged into");
        assertEquals(404, api.post("/api/admin/tags/" + merged + "/apply", Map.of("people", List.of(ids.get("A"))), "Cookie", admin).status());

        Api.Response removed = api.post("/api/admin/tags/" + secondTag + "/remove", Map.of("people", List.of(ids.get("A"))), "Cookie", admin);
        assertEquals(1, ((Number) removed.get("count")).intValue());
        assertEquals(set("B", "C"), select(rule("tag", "values", List.of(Long.toString(secondTag)))));
        assertEquals(204, api.patch("/api/admin/tags/" + secondTag, Map.of("name", "Renommée " + run), "Cookie", admin).status());
        assertTrue(api.get("/api/admin/tags", "Cookie", admin).body().contains("Renommée " + run));
        assertEquals(204, api.delete("/api/admin/segments/" + segment, "Cookie", admin).status());
        assertEquals(404, api.get("/api/admin/segments/" + segment, "Cookie", admin).status());
    }

    @Test
    void staffCorrectAPersonAndEveryChangeIsInTheHistory() {
        String e = ids.get("E");
        long own = createTag("Correction " + run);
        api.post("/api/admin/tags/" + own + "/apply", Map.of("people", List.of(e)), "Cookie", admin);
        Api.Response patch = api.patch("/api/admin/people/" + e, Map.of("phone", "04 91 00 00 00", "postalCode", "13002",
                "interests", List.of("logement", "ecologie")), "Cookie", admin);
        assertEquals(200, patch.status(), patch.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> contact = (Map<String, Object>) patch.get("contact");
        assertEquals("04 91 00 00 00", contact.get("phone"));
        assertEquals("13002", contact.get("postalCode"));
        assertEquals(List.of("ecologie", "logement"), contact.get("interests"));
        String history = patch.body();
        assertTrue(history.contains("\"label\":\"person.update\""), history);
        assertTrue(history.contains("phone, postalCode, interests"), "the audit names the fields, not their values: " + history);
        assertFalse(history.contains("04 91 00 00 00\",\"link"), "no value in the audit");
        assertTrue(history.contains("\"kind\":\"tagged\""), history);

        String takenEmail = string("SELECT email FROM person WHERE public_id = ?", ids.get("A"));
        Api.Response taken = api.patch("/api/admin/people/" + e, Map.of("email", takenEmail), "Cookie", admin);
        assertEquals(409, taken.status());
        assertEquals("Une autre personne a déjà cette adresse e-mail.", taken.get("detail"));
        Api.Response ownConsent = api.patch("/api/admin/people/" + ids.get("B"), Map.of("emailConsent", true), "Cookie", admin);
        assertEquals(400, ownConsent.status(), "consent is the person's to give");
        assertEquals(400, api.patch("/api/admin/people/" + e, Map.of("birthDate", "1850-01-01"), "Cookie", admin).status());
        assertEquals("04 91 00 00 00", string("SELECT phone FROM person WHERE public_id = ?", e), "a refused change keeps what was stored");

        Api.Response withdrawn = api.patch("/api/admin/people/" + e, Map.of("emailConsent", false), "Cookie", admin);
        assertEquals(200, withdrawn.status(), withdrawn.body());
        assertEquals(false, ((Map<?, ?>) withdrawn.get("contact")).get("emailConsent"));
        assertEquals(1, count("SELECT COUNT(*) FROM consent c JOIN person p ON p.id = c.person_id WHERE p.public_id = ? "
                + "AND c.purpose = 'email' AND c.withdrawn_at IS NOT NULL", e));
        assertTrue(withdrawn.body().contains("\"kind\":\"consentWithdrawn\""));

        Api.Response alice = api.get("/api/admin/people/" + ids.get("A"), "Cookie", admin);
        assertTrue(alice.body().contains("\"kind\":\"attended\""), "the action A came to is in the history");
        assertTrue(alice.body().contains("\"kind\":\"joined\""));
        assertEquals(404, api.get("/api/admin/people/nobody" + run, "Cookie", admin).status());
    }

    /** Members and regular contacts (GDPR 9(2)(d)) are told apart with a date, shown on the record and usable in segments. */
    @Test
    void membersAndRegularContactsAreMarkedWithADateAndSelected() {
        String f = insertContact("Fanny", "Adhérente" + run, null, "13001", "13201", "Marseille 1er", "13", 43.2999, 5.3841,
                "CONFIRMED", "signup", Instant.now(), null, true);
        Map<String, Object> member = Map.of("op", "and", "rules", List.of(rule("person", "values", List.of(f)),
                rule("relation", "values", List.of("member"))));
        assertEquals(0, ((Number) api.post("/api/admin/segments/count", Map.of("rule", member), "Cookie", admin).get("count")).intValue());

        Api.Response marked = api.patch("/api/admin/people/" + f, Map.of("relation", "MEMBER", "relationSince", "2024-05-01"),
                "Cookie", admin);
        assertEquals(200, marked.status(), marked.body());
        assertEquals("MEMBER", marked.get("relation"));
        assertEquals("2024-05-01", marked.get("relationSince"));
        assertTrue(marked.body().contains("\"detail\":\"relation\""), "the change is in the history: " + marked.body());
        assertEquals(1, ((Number) api.post("/api/admin/segments/count", Map.of("rule", member), "Cookie", admin).get("count")).intValue());
        Map<String, Object> regular = Map.of("op", "and", "rules", List.of(rule("person", "values", List.of(f)),
                rule("relation", "values", List.of("REGULAR_CONTACT"))));
        assertEquals(0, ((Number) api.post("/api/admin/segments/count", Map.of("rule", regular), "Cookie", admin).get("count")).intValue());
        assertEquals(400, api.post("/api/admin/segments/count", Map.of("rule", rule("relation", "values", List.of("boss"))), "Cookie", admin)
                .status());

        assertTrue(api.patch("/api/admin/people/" + f, Map.of("relation", "BOSS"), "Cookie", admin).fieldError("relation").isPresent());
        assertTrue(api.patch("/api/admin/people/" + f, Map.of("relation", "MEMBER", "relationSince", "2024-13-45"), "Cookie", admin)
                .fieldError("relationSince").isPresent(), "an impossible date is a 400, not a 500");
        assertTrue(api.patch("/api/admin/people/" + f, Map.of("relation", "MEMBER", "relationSince", LocalDate.now(PARIS).plusDays(2).toString()),
                "Cookie", admin).fieldError("relationSince").isPresent(), "not in the future");
        assertEquals("2024-05-01", api.get("/api/admin/people/" + f, "Cookie", admin).get("relationSince"), "refusals keep what was stored");

        Api.Response regularNow = api.patch("/api/admin/people/" + f, Map.of("relation", "REGULAR_CONTACT"), "Cookie", admin);
        assertEquals("REGULAR_CONTACT", regularNow.get("relation"));
        assertEquals(LocalDate.now(PARIS).toString(), regularNow.get("relationSince"), "today when no date is given");
        Api.Response neither = api.patch("/api/admin/people/" + f, Map.of("relation", ""), "Cookie", admin);
        assertEquals(null, neither.get("relation"));
        assertEquals(null, neither.get("relationSince"));
    }

    @Test
    void permissionsFollowTheRoleAndTheTerritory() {
        assertEquals(401, api.get("/api/admin/me").status());
        assertEquals(401, api.post("/api/admin/people/search", Map.of()).status());
        String supporterEmail = newEmail();
        String supporter = confirmedSupporter(supporterEmail);
        assertEquals(403, api.get("/api/admin/me", "Cookie", supporter).status());
        assertEquals(403, api.post("/api/admin/people/search", Map.of(), "Cookie", supporter).status());
        assertEquals(403, api.get("/api/admin/tags", "Cookie", supporter).status());
        assertEquals(403, api.post("/api/admin/segments/count", Map.of(), "Cookie", supporter).status());

        String organizerId = string("SELECT public_id FROM person WHERE email = ?", supporterEmail);
        assertEquals(400, api.put("/api/admin/people/" + organizerId + "/territories", Map.of("departements", List.of("13", "99")),
                "Cookie", admin).status());
        Api.Response granted = api.put("/api/admin/people/" + organizerId + "/territories", Map.of("departements", List.of("13")),
                "Cookie", admin);
        assertEquals(200, granted.status(), granted.body());
        String organizer = supporter;
        Api.Response me = api.get("/api/admin/me", "Cookie", organizer);
        assertEquals(200, me.status());
        assertEquals(false, me.get("admin"));
        assertEquals(List.of("13"), me.get("departements"));
        assertTrue(((List<?>) api.get("/api/me", "Cookie", organizer).get("roles")).contains("organizer"));

        assertEquals(set("A", "B"), select(op("and"), null, organizer), "an organizer sees their département only");
        assertEquals(set("A", "B"), select(rule("status", "values", List.of("CONFIRMED", "CONTACT", "PENDING")), null, organizer));
        assertEquals(200, api.get("/api/admin/people/" + ids.get("A"), "Cookie", organizer).status());
        assertEquals(404, api.get("/api/admin/people/" + ids.get("C"), "Cookie", organizer).status());
        assertEquals(404, api.patch("/api/admin/people/" + ids.get("C"), Map.of("phone", "0600000000"), "Cookie", organizer).status());
        Api.Response moveAway = api.patch("/api/admin/people/" + ids.get("A"), Map.of("postalCode", "75011"), "Cookie", organizer);
        assertEquals(400, moveAway.status());
        assertEquals("13001", string("SELECT postal_code FROM person WHERE public_id = ?", ids.get("A")), "nothing changed");
        long own = createTagAs(organizer, "Organisateur " + run);
        Api.Response tagOutside = api.post("/api/admin/tags/" + own + "/apply", Map.of("people", List.of(ids.get("A"), ids.get("C"))),
                "Cookie", organizer);
        assertEquals(1, ((Number) tagOutside.get("count")).intValue(), "people outside the territory are not touched");
        assertEquals(403, api.patch("/api/admin/tags/" + own, Map.of("name", "x" + run), "Cookie", organizer).status());
        assertEquals(403, api.delete("/api/admin/tags/" + own, "Cookie", organizer).status());
        assertEquals(403, api.post("/api/admin/tags/" + own + "/merge", Map.of("into", runTag), "Cookie", organizer).status());
        assertEquals(403, api.put("/api/admin/people/" + organizerId + "/territories", Map.of("departements", List.of("75")),
                "Cookie", organizer).status());
        Api.Response adminSegment = api.post("/api/admin/segments", Map.of("name", "Admin " + run, "rule", op("and")), "Cookie", admin);
        assertEquals(403, api.delete("/api/admin/segments/" + adminSegment.get("id"), "Cookie", organizer).status(),
                "an organizer changes only their own segments");
        assertEquals(403, api.get("/api/admin/reports", "Cookie", organizer).status(), "moderation stays with admins");

        assertEquals(200, api.put("/api/admin/people/" + organizerId + "/territories", Map.of("departements", List.of()), "Cookie", admin).status());
        assertEquals(403, api.get("/api/admin/me", "Cookie", organizer).status(), "an emptied territory ends the role");
        assertTrue(api.get("/api/admin/audit", "Cookie", admin).body().contains("person.territories"));
    }

    @Test
    void cameInTheLastDaysFollowsTheAttendanceManagersMark() {
        String founder = confirmedSupporter(newEmail());
        String groupId = createGroup(founder, unique("Groupe présences"), "13001");
        LocalDate day = LocalDate.now(PARIS).plusDays(5);
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("title", unique("Marché"));
        event.put("type", "leafleting");
        event.put("description", "Au marché.");
        event.put("start", day + "T10:00");
        event.put("end", day + "T12:00");
        event.put("postalCode", "13001");
        String slug = (String) api.post("/api/groups/" + groupId + "/events", event, "Cookie", founder).get("slug");
        // The date took place three days ago (the API refuses attendance before the start).
        update("UPDATE event_occurrence SET starts_at = NOW(6) - INTERVAL 3 DAY, ends_at = NOW(6) - INTERVAL 3 DAY + INTERVAL 2 HOUR "
                + "WHERE event_id = (SELECT id FROM event WHERE slug = ?)", slug);
        String occurrence = string("SELECT o.public_id FROM event_occurrence o JOIN event e ON e.id = o.event_id WHERE e.slug = ?", slug);
        String rsvp = "r" + UUID.randomUUID().toString().replace("-", "").substring(0, 15);
        update("INSERT INTO event_rsvp (public_id, occurrence_id, person_id, locale, attendee_key, status, attended, created_at, updated_at) "
                + "SELECT ?, o.id, p.id, 'fr', CONCAT('p:', p.id), 'CONFIRMED', FALSE, NOW(6), NOW(6) FROM event_occurrence o, person p "
                + "WHERE o.public_id = ? AND p.public_id = ?", rsvp, occurrence, ids.get("E"));
        Map<String, Object> rule = op("and", rule("person", "values", List.of(ids.get("E"))), rule("attended", "withinDays", 7));
        assertEquals(0, countOf(rule));
        assertEquals(204, api.patch("/api/occurrences/" + occurrence + "/participants/" + rsvp, Map.of("attended", true),
                "Cookie", founder).status());
        assertEquals(1, countOf(rule), "marked as come three days ago: in the last 7 days");
        assertEquals(0, countOf(op("and", rule("person", "values", List.of(ids.get("E"))), rule("attended", "withinDays", 2))));
        assertEquals(204, api.patch("/api/occurrences/" + occurrence + "/participants/" + rsvp, Map.of("attended", false),
                "Cookie", founder).status());
        assertEquals(0, countOf(rule), "unmarked: no longer");
    }

    private long countOf(Map<String, Object> rule) {
        Api.Response r = api.post("/api/admin/segments/count", Map.of("rule", rule), "Cookie", admin);
        assertEquals(200, r.status(), r.body());
        return ((Number) r.get("count")).longValue();
    }

    @Test
    @SuppressWarnings("unchecked")
    void theDashboardCountsGrowthWithinTheViewersTerritory() {
        Map<String, Object> before = api.get("/api/admin/dashboard", "Cookie", admin).map();
        String fresh = insertContact("Fanny", "Croissance " + run, LocalDate.now(PARIS).minusYears(30), "20000", "2A004", "Ajaccio", "2A",
                41.9192, 8.7386, "CONFIRMED", "signup", Instant.now(), Instant.now(), true);
        update("UPDATE person SET confirmed_at = NOW(6) WHERE public_id = ?", fresh);
        Map<String, Object> after = api.get("/api/admin/dashboard", "Cookie", admin).map();
        List<Map<String, Object>> newBefore = (List<Map<String, Object>>) before.get("supporters");
        List<Map<String, Object>> newAfter = (List<Map<String, Object>>) after.get("supporters");
        assertEquals(12, newAfter.size());
        assertEquals(((Number) newBefore.get(11).get("value")).longValue() + 1, ((Number) newAfter.get(11).get("value")).longValue(),
                "this month's new supporters");
        List<Map<String, Object>> totals = (List<Map<String, Object>>) after.get("supportersTotal");
        assertEquals(count("SELECT COUNT(*) FROM person WHERE confirmed_at IS NOT NULL AND status <> 'BANNED'"),
                ((Number) totals.get(11).get("value")).longValue(), "the running total ends at every confirmed supporter");
        Map<String, Object> funnel = (Map<String, Object>) after.get("funnel");
        assertEquals(count("SELECT COUNT(*) FROM person WHERE status = 'CONFIRMED'"), ((Number) funnel.get("confirmed")).longValue());

        String email = newEmail();
        String organizer = confirmedSupporter(email);
        String organizerId = string("SELECT public_id FROM person WHERE email = ?", email);
        api.put("/api/admin/people/" + organizerId + "/territories", Map.of("departements", List.of("2A")), "Cookie", admin);
        Map<String, Object> corsica = api.get("/api/admin/dashboard", "Cookie", organizer).map();
        assertEquals(count("SELECT COUNT(*) FROM person WHERE status = 'CONFIRMED' AND departement = '2A'"),
                ((Number) ((Map<String, Object>) corsica.get("funnel")).get("confirmed")).longValue(), "an organizer sees their territory only");
        List<Map<String, Object>> departements = (List<Map<String, Object>>) corsica.get("departements");
        assertEquals(List.of("2A"), departements.stream().map(d -> d.get("key")).toList());
        assertEquals("Corse-du-Sud", departements.get(0).get("label"));
        assertEquals(403, api.get("/api/admin/dashboard", "Cookie", confirmedSupporter(newEmail())).status());
    }

    private long createTagAs(String cookie, String name) {
        Api.Response r = api.post("/api/admin/tags", Map.of("name", name), "Cookie", cookie);
        assertEquals(201, r.status(), r.body());
        return ((Number) r.get("id")).longValue();
    }
}
