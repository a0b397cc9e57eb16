package org.cortege.groups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

@AppTest
class GroupControllerTest extends ApiTest {

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> items(Api.Response r) {
        return (List<Map<String, Object>>) r.get("items");
    }

    @Test
    void foundingAtTheSameInstantGivesASentenceNeverA500() throws Exception {
        // Two supporters found a group of the same name in the same commune at once: one founds it, the other is told.
        String name = unique("Groupe du même instant");
        List<String> founders = List.of(confirmedSupporter(newEmail()), confirmedSupporter(newEmail()));
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<java.util.concurrent.Future<Api.Response>> made = pool.invokeAll(founders.stream()
                .map(f -> (java.util.concurrent.Callable<Api.Response>) () -> api.post("/api/groups", groupBody(name, "13005"), "Cookie", f,
                        "Accept-Language", "fr")).toList());
        List<Integer> statuses = new java.util.ArrayList<>();
        for (java.util.concurrent.Future<Api.Response> r : made) {
            statuses.add(r.get().status());
            if (r.get().status() != 201) {
                assertTrue(r.get().body().contains("Un groupe porte déjà ce nom") || r.get().body().contains("au même instant"), r.get().body());
            }
        }
        assertEquals(1, statuses.stream().filter(x -> x == 201).count(), statuses.toString());
        assertTrue(statuses.stream().allMatch(x -> x == 201 || x == 400 || x == 409), "a sentence, never a 500: " + statuses);
        assertEquals(1, count("SELECT COUNT(*) FROM support_group WHERE name = ?", name));

        // One founder in eight tabs at once cannot pass the limit of three groups of a type.
        String founder = confirmedSupporter(newEmail());
        List<java.util.concurrent.Future<Api.Response>> tabs = pool.invokeAll(java.util.stream.IntStream.range(0, 8)
                .mapToObj(i -> (java.util.concurrent.Callable<Api.Response>) () -> api.post("/api/groups", groupBody(unique("Onglet " + i), "13005"),
                        "Cookie", founder)).toList());
        long created = 0;
        for (java.util.concurrent.Future<Api.Response> r : tabs) {
            created += r.get().status() == 201 ? 1 : 0;
            assertTrue(r.get().status() == 201 || r.get().status() == 409, r.get().body());
        }
        pool.shutdown();
        assertEquals(3, created, "the limit holds under concurrent creations");
    }

    @Test
    void aSupporterFoundsAGroupThatIsPublicAtOnceAndCounted() {
        long groupsBefore = ((Number) api.get("/api/counters").get("groups")).longValue();
        String cookie = confirmedSupporter(newEmail());
        String name = unique("Groupe d’action de Marseille");
        Api.Response created = api.post("/api/groups", groupBody(name, "13001"), "Cookie", cookie);
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.get("slug");
        assertTrue(slug.startsWith("groupe-d-action-de-marseille-"), slug);
        assertEquals("/api/groups/" + slug, created.headers().get("Location"));

        Api.Response anonymous = api.get("/api/groups/" + slug);
        assertEquals(200, anonymous.status());
        assertEquals(name, anonymous.get("name"));
        assertEquals("<p>Nous nous retrouvons <strong>chaque samedi</strong> au marché.</p>", ((String) anonymous.get("descriptionHtml")).strip());
        assertEquals("Marseille 1er Arrondissement", anonymous.get("commune"));
        assertEquals(1, ((Number) anonymous.get("memberCount")).intValue());
        assertEquals(List.of("Zoé"), anonymous.get("managers"));
        assertEquals(List.of(), anonymous.get("permissions"), "an anonymous visitor may do nothing but look");
        assertNull(anonymous.get("myRole"));
        assertEquals(groupsBefore + 1, ((Number) api.get("/api/counters").get("groups")).longValue());

        Api.Response asFounder = api.get("/api/groups/" + created.get("id"), "Cookie", cookie);
        assertEquals("FOUNDER", asFounder.get("myRole"));
        assertTrue(((List<?>) asFounder.get("permissions")).containsAll(List.of("edit", "members", "manageMembers", "handOver", "message")));
    }

    @Test
    void onlyConfirmedSupportersFoundGroups() {
        assertEquals(401, api.post("/api/groups", groupBody(unique("Anonyme"), "13001")).status());
        assertEquals(0, count("SELECT COUNT(*) FROM support_group WHERE name LIKE 'Anonyme%'"));
    }

    @Test
    void badGroupsAreRefusedFieldByFieldAndNothingIsWritten() {
        String cookie = confirmedSupporter(newEmail());
        String name = unique("Refusé");
        Map<String, Object> body = new HashMap<>(groupBody(name, "99999"));
        assertTrue(api.post("/api/groups", body, "Cookie", cookie).fieldError("postalCode").isPresent());
        body.put("postalCode", "13001");
        body.put("type", "secte");
        assertEquals("Type de groupe inconnu.", api.post("/api/groups", body, "Cookie", cookie).fieldError("type").orElseThrow());
        body.put("type", "local");
        body.put("lat", 48.85);
        body.put("lng", 2.35); // Paris, for a Marseille group
        assertEquals("Le point doit être à moins de 60 km de la commune.", api.post("/api/groups", body, "Cookie", cookie).fieldError("lat").orElseThrow());
        body.put("lat", 95.0);
        assertTrue(api.post("/api/groups", body, "Cookie", cookie).fieldError("lat").isPresent());
        body.put("lat", 43.30);
        body.remove("lng");
        assertTrue(api.post("/api/groups", body, "Cookie", cookie).fieldError("lng").isPresent());
        body.put("lng", 5.38);
        body.put("name", "<script>alert(1)</script>");
        assertEquals("Les caractères < et > ne sont pas acceptés.", api.post("/api/groups", body, "Cookie", cookie).fieldError("name").orElseThrow());
        body.put("name", "ab");
        assertTrue(api.post("/api/groups", body, "Cookie", cookie).fieldError("name").isPresent());
        body.put("name", name);
        body.put("contactEmail", "pas une adresse");
        assertTrue(api.post("/api/groups", body, "Cookie", cookie).fieldError("contactEmail").isPresent());
        assertEquals(0, count("SELECT COUNT(*) FROM support_group WHERE name = ?", name));
        body.put("contactEmail", "");
        Api.Response ok = api.post("/api/groups", body, "Cookie", cookie);
        assertEquals(201, ok.status(), ok.body());
        assertEquals("manual", api.get("/api/groups/" + ok.get("id")).get("precision"), "a pin near the commune is kept");
    }

    @Test
    void oneNamePerCommuneButTheSameNameElsewhereGetsItsOwnSlug() {
        String cookie = confirmedSupporter(newEmail());
        String name = unique("Les Insoumis du Vieux-Port");
        createGroup(cookie, name, "13001");
        Api.Response again = api.post("/api/groups", groupBody(name.toUpperCase(), "13001"), "Cookie", cookie);
        assertEquals(400, again.status());
        assertEquals("Un groupe porte déjà ce nom dans cette commune.", again.fieldError("name").orElseThrow());
        String other = confirmedSupporter(newEmail());
        Api.Response elsewhere = api.post("/api/groups", groupBody(name, "13002"), "Cookie", other);
        assertEquals(201, elsewhere.status(), elsewhere.body());
    }

    @Test
    void slugsNeverCollide() {
        String name = unique("Groupe");
        String a = (String) api.post("/api/groups", groupBody(name + " Marseille", "13001"), "Cookie", confirmedSupporter(newEmail())).get("slug");
        String b = (String) api.post("/api/groups", groupBody(name + " Marseille!", "13002"), "Cookie", confirmedSupporter(newEmail())).get("slug");
        assertFalse(a.equals(b), a + " / " + b);
    }

    @Test
    void aSupporterCannotFloodGroupsOfOneType() {
        String cookie = confirmedSupporter(newEmail());
        for (int i = 0; i < 3; i++) {
            createGroup(cookie, unique("Flot"), "13001");
        }
        Api.Response fourth = api.post("/api/groups", groupBody(unique("Flot"), "13001"), "Cookie", cookie);
        assertEquals(409, fourth.status());
        assertTrue(((String) fourth.get("detail")).contains("3 groupes"), fourth.body());
    }

    @Test
    void groupsNearAPostalCodeComeNearestFirstWithTheirDistance() {
        String cookie = confirmedSupporter(newEmail());
        String tag = unique("Proche");
        createGroup(cookie, tag + " Aix", "13100");
        createGroup(cookie, tag + " Marseille", "13001");
        createGroup(confirmedSupporter(newEmail()), tag + " Lyon", "69001");
        Api.Response r = api.get("/api/groups?near=13001&radiusKm=50&q=" + tag.replace(" ", "%20"));
        assertEquals(200, r.status(), r.body());
        List<Map<String, Object>> items = items(r);
        assertEquals(List.of(tag + " Marseille", tag + " Aix"), items.stream().map(i -> i.get("name")).toList());
        assertEquals(0.0, ((Number) items.get(0).get("distanceKm")).doubleValue(), 0.1);
        assertEquals(25, ((Number) items.get(1).get("distanceKm")).doubleValue(), 8);
        assertEquals(2, ((Number) r.get("total")).intValue());
        assertEquals(false, r.get("totalCapped"));

        Api.Response byPoint = api.get("/api/groups?near=45.76,4.83&radiusKm=10&q=" + tag.replace(" ", "%20"));
        assertEquals(List.of(tag + " Lyon"), items(byPoint).stream().map(i -> i.get("name")).toList());
        Api.Response paged = api.get("/api/groups?near=13001&radiusKm=50&size=1&page=2&q=" + tag.replace(" ", "%20"));
        assertEquals(List.of(tag + " Aix"), items(paged).stream().map(i -> i.get("name")).toList());
    }

    @Test
    void withoutAPlaceTheLiveliestGroupsComeFirstWithNoDistance() {
        String tag = unique("Vivant");
        String founder = confirmedSupporter(newEmail());
        String quiet = createGroup(founder, tag + " Calme", "13001");
        createGroup(confirmedSupporter(newEmail()), tag + " Récent", "69001");
        // the older group gets a new member: it is the liveliest now
        assertEquals(201, api.post("/api/groups/" + quiet + "/membership", Map.of("shareContact", false),
                "Cookie", confirmedSupporter(newEmail())).status());
        Api.Response r = api.get("/api/groups?q=" + tag.replace(" ", "%20"));
        List<Map<String, Object>> items = items(r);
        assertEquals(List.of(tag + " Calme", tag + " Récent"), items.stream().map(i -> i.get("name")).toList());
        assertTrue(items.stream().allMatch(i -> i.get("distanceKm") == null), "no place given, no distance: " + items);
    }

    @Test
    void badSearchParametersAreFieldErrors() {
        assertTrue(api.get("/api/groups?near=99999").fieldError("near").isPresent());
        assertTrue(api.get("/api/groups?near=91,200").fieldError("near").isPresent());
        assertTrue(api.get("/api/groups?radiusKm=0").fieldError("radiusKm").isPresent());
        assertTrue(api.get("/api/groups?radiusKm=100000").fieldError("radiusKm").isPresent());
        assertEquals("Le rayon va de 1 à 200\u00a0km.", api.get("/api/groups?radiusKm=200.5").fieldError("radiusKm").orElseThrow());
        assertTrue(api.get("/api/groups?radiusKm=0.5").fieldError("radiusKm").isPresent());
        assertTrue(api.get("/api/groups?radiusKm=NaN").fieldError("radiusKm").isPresent(), "not a number is not a radius");
        assertTrue(api.get("/api/groups?radiusKm=Infinity").fieldError("radiusKm").isPresent());
        assertTrue(api.get("/api/groups?radiusKm=abc").fieldError("radiusKm").isPresent());
        assertEquals("La recherche est trop longue.", api.get("/api/groups?q=" + "a".repeat(101)).fieldError("q").orElseThrow());
        assertEquals(200, api.get("/api/groups?q=" + "a".repeat(100)).status());
        assertTrue(api.get("/api/groups?size=1000").fieldError("size").isPresent());
        assertTrue(api.get("/api/groups?page=0").fieldError("page").isPresent());
        assertEquals(400, api.get("/api/groups?page=abc").status());
        assertTrue(api.get("/api/groups?page=abc").fieldError("page").isPresent(), "a parameter of the wrong type names the parameter");
        assertEquals(200, api.get("/api/groups?q=%25%27%22_").status(), "wildcards and quotes are plain text");
    }

    @Test
    void joiningSharesContactOnlyWhenAgreedAndTwiceIsAConflict() {
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Adhésions"), "75011");
        String sharerEmail = newEmail();
        String sharer = confirmedSupporter(sharerEmail);
        String discreetEmail = newEmail();
        String discreet = confirmedSupporter(discreetEmail);

        Api.Response join = api.post("/api/groups/" + id + "/membership", Map.of("shareContact", true), "Cookie", sharer);
        assertEquals(201, join.status(), join.body());
        assertEquals("MEMBER", join.get("role"));
        assertEquals(201, api.post("/api/groups/" + id + "/membership", Map.of(), "Cookie", discreet).status());
        Api.Response twice = api.post("/api/groups/" + id + "/membership", Map.of(), "Cookie", discreet);
        assertEquals(409, twice.status());
        assertEquals("Vous êtes déjà membre de ce groupe.", twice.get("detail"));
        assertEquals(3, ((Number) api.get("/api/groups/" + id).get("memberCount")).intValue());

        Api.Response members = api.get("/api/groups/" + id + "/members", "Cookie", founder);
        assertEquals(200, members.status());
        String body = members.body();
        assertTrue(body.contains(sharerEmail), "shared contact is visible to managers");
        assertFalse(body.contains(discreetEmail), "unshared contact is not");
        assertEquals(403, api.get("/api/groups/" + id + "/members", "Cookie", sharer).status(), "members do not see the list");
        assertEquals(401, api.get("/api/groups/" + id + "/members").status());
        assertTrue(api.get("/api/me/groups", "Cookie", sharer).body().contains(id), "the group is among the member’s groups");

        assertEquals(false, api.get("/api/groups/" + id, "Cookie", discreet).get("myShareContact"));
        assertEquals(200, api.patch("/api/groups/" + id + "/membership", Map.of("shareContact", true), "Cookie", discreet).status());
        assertEquals(true, api.get("/api/groups/" + id, "Cookie", discreet).get("myShareContact"));
        assertTrue(api.get("/api/groups/" + id + "/members", "Cookie", founder).body().contains(discreetEmail), "consent given later counts");
        assertEquals(404, api.patch("/api/groups/" + id + "/membership", Map.of("shareContact", true), "Cookie", confirmedSupporter(newEmail())).status());
    }

    @Test
    void theLastManagerCannotLeaveButCanHandOverFirst() {
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Passation"), "33000");
        Api.Response alone = api.exchange(io.micronaut.http.HttpRequest.DELETE("/api/groups/" + id + "/membership"), "Cookie", founder);
        assertEquals(409, alone.status());
        assertTrue(((String) alone.get("detail")).contains("au moins un animateur"));

        String memberEmail = newEmail();
        String member = confirmedSupporter(memberEmail);
        api.post("/api/groups/" + id + "/membership", Map.of("shareContact", true), "Cookie", member);
        String memberId = string("SELECT public_id FROM person WHERE email = ?", memberEmail);
        assertEquals(204, api.patch("/api/groups/" + id + "/members/" + memberId, Map.of("role", "FOUNDER"), "Cookie", founder).status());
        assertEquals("FOUNDER", api.get("/api/groups/" + id, "Cookie", member).get("myRole"));
        assertEquals("MANAGER", api.get("/api/groups/" + id, "Cookie", founder).get("myRole"));
        assertEquals(204, api.exchange(io.micronaut.http.HttpRequest.DELETE("/api/groups/" + id + "/membership"), "Cookie", founder).status());
        assertEquals(1, ((Number) api.get("/api/groups/" + id).get("memberCount")).intValue());
    }

    @Test
    void whenTheFounderLeavesTheLongestServingManagerTakesOver() {
        String founder = confirmedSupporter(newEmail());
        String id = createGroup(founder, unique("Succession"), "06000");
        String managerEmail = newEmail();
        String manager = confirmedSupporter(managerEmail);
        api.post("/api/groups/" + id + "/membership", Map.of(), "Cookie", manager);
        String managerId = string("SELECT public_id FROM person WHERE email = ?", managerEmail);
        assertEquals(204, api.patch("/api/groups/" + id + "/members/" + managerId, Map.of("role", "MANAGER"), "Cookie", founder).status());
        assertEquals(403, api.patch("/api/groups/" + id + "/members/" + managerId, Map.of("role", "FOUNDER"), "Cookie", manager).status(),
                "only the founder hands over");
        assertEquals(404, api.patch("/api/groups/" + id + "/members/nobody", Map.of("role", "MANAGER"), "Cookie", founder).status());
        assertEquals(204, api.exchange(io.micronaut.http.HttpRequest.DELETE("/api/groups/" + id + "/membership"), "Cookie", founder).status());
        assertEquals("FOUNDER", api.get("/api/groups/" + id, "Cookie", manager).get("myRole"));
    }

    @Test
    void nobodyEditsSomeoneElsesGroup() {
        String founder = confirmedSupporter(newEmail());
        String name = unique("Le nôtre");
        String id = createGroup(founder, name, "59000");
        String stranger = confirmedSupporter(newEmail());
        Api.Response r = api.patch("/api/groups/" + id, Map.of("name", "Volé"), "Cookie", stranger);
        assertEquals(403, r.status());
        assertEquals(401, api.patch("/api/groups/" + id, Map.of("name", "Volé")).status());
        assertEquals(name, api.get("/api/groups/" + id).get("name"));

        Api.Response edit = api.patch("/api/groups/" + id, Map.of("description", "[site](javascript:alert(1)) <b>gras</b>"), "Cookie", founder);
        assertEquals(200, edit.status(), edit.body());
        String html = (String) edit.get("descriptionHtml");
        assertFalse(html.contains("javascript:alert") && html.contains("href=\"javascript"), html);
        assertFalse(html.contains("<b>"), html);
    }

    @Test
    void unknownGroupsAre404() {
        assertEquals(404, api.get("/api/groups/nope-" + unique("x").replace(" ", "")).status());
        assertEquals(404, api.get("/api/groups/" + "x".repeat(300)).status());
    }
}
