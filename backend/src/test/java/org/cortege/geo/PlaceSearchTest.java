package org.cortege.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Finding a commune by what people type, against the shipped table in MariaDB. */
@AppTest
class PlaceSearchTest extends ApiTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Saint-Étienne | saint etienne",
            "st etienne | saint etienne",
            "ST-ÉTIENNE-du-Rouvray | saint etienne du rouvray",
            "Évry-Courcouronnes | evry courcouronnes",
            "L'Haÿ-les-Roses | l hay les roses",
            "Œuilly | oeuilly",
            "Sainte-Maxime | sainte maxime",
            "ste maxime | sainte maxime",
            "Stains | stains",
            "  Marseille   13e  | marseille 13e",
    })
    void namesMeetWhatPeopleType(String typed, String key) {
        assertEquals(key, PlaceNames.key(typed));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> places(String q, String... headers) {
        Api.Response r = api.get("/api/geo/places?q=" + java.net.URLEncoder.encode(q, java.nio.charset.StandardCharsets.UTF_8), headers);
        assertEquals(200, r.status(), r.body());
        return (List<Map<String, Object>>) (List<?>) json(r.body());
    }

    private List<?> json(String body) {
        try {
            return this.json.readValue(body, io.micronaut.core.type.Argument.listOf(Map.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Saint-Étienne | Saint-Étienne | 42",
            "st etienne | Saint-Étienne | 42",
            "saint etien | Saint-Étienne | 42",
            "Évry | Évry-Courcouronnes | 91",
            "evry | Évry-Courcouronnes | 91",
            "lyon | Lyon | 69",
            "Bourg en Bresse | Bourg-en-Bresse | 01",
    })
    void aCommuneIsFoundByItsNameWhateverTheAccentsAndHyphens(String q, String first, String departement) {
        List<Map<String, Object>> found = places(q);
        assertTrue(!found.isEmpty(), q);
        assertTrue(((String) found.get(0).get("name")).startsWith(first), q + " → " + found);
        assertEquals(departement, found.get(0).get("departement"), q + " → " + found);
    }

    @Test
    void marseilleGivesItsArrondissementsEachOnItsOwnPointAndNamesTheDepartement() {
        List<Map<String, Object>> found = places("Marseille");
        assertEquals(GeoService.MAX_FOUND, found.size(), found.toString());
        assertTrue(found.stream().allMatch(p -> ((String) p.get("name")).startsWith("Marseille")), found.toString());
        assertEquals(found.size(), found.stream().map(p -> p.get("lat") + "," + p.get("lng")).distinct().count(), "one point each");
        assertEquals("Bouches-du-Rhône", found.get(0).get("departementName"));
        assertTrue(((String) found.get(0).get("postalCode")).startsWith("130"));
    }

    @Test
    void homonymsAreToldApartByTheirDepartement() {
        List<Map<String, Object>> found = places("Saint-Denis");
        // the two big ones first (La Réunion's is the more populous), then the villages
        assertEquals(java.util.Set.of("974", "93"), java.util.Set.of(found.get(0).get("departement"), found.get(1).get("departement")),
                found.toString());
        assertTrue(found.stream().filter(p -> "Saint-Denis".equals(p.get("name"))).count() >= 4, found.toString());
    }

    @Test
    void aPostalCodeGivesItsCommunesAndALaterWordIsFoundToo() {
        assertEquals("13014", places("13014").get(0).get("postalCode"));
        assertTrue(places("courcouronnes").stream().anyMatch(p -> ((String) p.get("name")).startsWith("Évry-Courcouronnes")));
    }

    @Test
    void nothingFoundIsAnEmptyListAndATooShortQueryAClearMessage() {
        assertEquals(List.of(), places("Zzyzxville"));
        Api.Response shortQuery = api.get("/api/geo/places?q=%C3%A9", "Accept-Language", "en");
        assertEquals(400, shortQuery.status());
        assertTrue(shortQuery.fieldError("q").orElse("").contains("at least two letters"), shortQuery.body());
        assertEquals(400, api.get("/api/geo/places").status());
        assertEquals(400, api.get("/api/geo/places?q=" + "a".repeat(200)).status());
    }

    @Test
    void aScriptCannotHammerTheSuggestionsFromOneAddress() {
        String script = org.cortege.support.RawHttp.newLoopback();
        int refused = 0;
        for (int i = 0; i < GeoController.PLACES_PER_MINUTE + 40; i++) {
            int status = org.cortege.support.RawHttp.get(script, embeddedPort(), "/api/geo/places?q=zz" + i);
            if (status == 429) {
                refused++;
            } else {
                assertEquals(200, status);
            }
        }
        assertTrue(refused >= 20, "the bucket empties (it refills 2 a second): " + refused + " refused");
        assertEquals(200, org.cortege.support.RawHttp.get(org.cortege.support.RawHttp.newLoopback(), embeddedPort(), "/api/geo/places?q=lyon"),
                "another address is not held back");
    }

    @Test
    void aListingNearATownNameFindsItAndAnUnknownNameSaysSo() {
        Api.Response near = api.get("/api/groups?near=Saint-%C3%89tienne&radiusKm=10");
        assertEquals(200, near.status(), near.body());
        Api.Response unknown = api.get("/api/events?near=Zzyzxville");
        assertEquals(400, unknown.status());
        assertTrue(unknown.fieldError("near").orElse("").contains("Aucune commune"), unknown.body());
    }
}
