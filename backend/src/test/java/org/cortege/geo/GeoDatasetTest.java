package org.cortege.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.util.List;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

@AppTest
class GeoDatasetTest extends ApiTest {

    @Inject
    GeoService geo;

    @Inject
    GeoDatasetLoader loader;

    @Test
    void everyFrenchPostalCodeIsLoadedOverseasIncluded() {
        assertEquals(6201, count("SELECT COUNT(DISTINCT postal_code) FROM geo_postal_code WHERE country = 'FR'"));
        assertEquals(132, count("SELECT COUNT(DISTINCT postal_code) FROM geo_postal_code WHERE postal_code LIKE '97%'"));
        assertEquals(0, count("SELECT COUNT(*) FROM geo_postal_code WHERE lat NOT BETWEEN -25 AND 52 OR lng NOT BETWEEN -65 AND 60"));
        assertEquals(109, count("SELECT COUNT(*) FROM geo_departement"), "101 départements and 8 overseas collectivities");
    }

    @Test
    void mostCommunesHaveAtLeastAnEpciPoint() {
        long rows = count("SELECT COUNT(*) FROM geo_postal_code");
        long commune = count("SELECT COUNT(*) FROM geo_postal_code WHERE geo_precision = 'commune'");
        long departement = count("SELECT COUNT(*) FROM geo_postal_code WHERE geo_precision = 'departement'");
        assertTrue(commune * 100 / rows >= 20, "own GeoNames point for ≥ 20 % of rows");
        assertTrue(departement * 100 / rows <= 5, "département fallback for ≤ 5 % of rows");
    }

    @ParameterizedTest
    @CsvSource({
            "75001, 75101, 75, 48.85, 2.35",
            "13001, 13201, 13, 43.30, 5.38",
            "20000, 2A004, 2A, 41.92, 8.74",
            "97400, 97411, 974, -20.88, 55.45",
            "97500, 97502, 975, 46.78, -56.18"})
    void knownPostalCodesResolveNearTheRightPlace(String postalCode, String insee, String departement, double lat, double lng) {
        Place p = geo.resolve(postalCode, null).orElseThrow();
        assertEquals(insee, p.inseeCode());
        assertEquals(departement, p.departement());
        assertEquals(lat, p.lat(), 0.25);
        assertEquals(lng, p.lng(), 0.25);
    }

    /** Great-circle distance in km (the same formula the listings use is not needed to tell kilometres from metres). */
    private static double km(Place a, Place b) {
        double dLat = Math.toRadians(b.lat() - a.lat());
        double dLng = Math.toRadians(b.lng() - a.lng());
        double h = Math.pow(Math.sin(dLat / 2), 2)
                + Math.cos(Math.toRadians(a.lat())) * Math.cos(Math.toRadians(b.lat())) * Math.pow(Math.sin(dLng / 2), 2);
        return 2 * 6371 * Math.asin(Math.sqrt(h));
    }

    @ParameterizedTest
    @CsvSource({
            "13014, 13214, 13001, 4.0",
            "75020, 75120, 75001, 3.0",
            "69003, 69383, 69001, 1.0",
            "13004, 13204, 13001, 1.0",
            "75116, 75116, 75001, 3.0"})
    void eachArrondissementOfParisLyonAndMarseilleIsItsOwnPlace(String postalCode, String insee, String centre, double atLeastKm) {
        Place p = geo.resolve(postalCode, null).orElseThrow();
        assertEquals(insee, p.inseeCode(), "the arrondissement the postal code is named after comes first");
        assertEquals("commune", p.precision());
        double d = km(p, geo.resolve(centre, null).orElseThrow());
        assertTrue(d >= atLeastKm, postalCode + " is " + d + " km from " + centre + ", not on the city's point");
    }

    @Test
    void aPostalCodeWithSeveralCommunesListsThemAllBiggestFirst() {
        List<Place> places = geo.placesFor("01000");
        assertTrue(places.size() >= 2);
        assertEquals("Bourg-en-Bresse", places.get(0).commune());
        assertTrue(geo.resolve("01000", places.get(1).inseeCode()).isPresent());
        assertTrue(geo.resolve("01000", "75056").isEmpty(), "a commune of another postal code");
    }

    @Test
    void malformedPostalCodesResolveToNothing() {
        for (String bad : new String[] {null, "", "1300", "130011", "ABCDE", "13 00x", "' OR 1=1 --"}) {
            assertFalse(geo.resolve(bad, null).isPresent(), String.valueOf(bad));
        }
        assertEquals("13001", geo.normalizePostalCode(" 13\u00a0001 "));
        assertEquals("SW1A 1AA", GeoService.normalizePostalCode(" sw1a\u00a0 1aa", "GB"));
        assertEquals("00-950", GeoService.normalizePostalCode("00-950", "PL"));
        assertEquals(null, GeoService.normalizePostalCode("' OR 1=1 --", "BE"));
        assertEquals(null, GeoService.normalizePostalCode("1", "BE"));
    }

    @Test
    void loadingAgainIsANoOpWhenTheFileDidNotChange() {
        assertFalse(loader.loadIfChanged());
    }
}
