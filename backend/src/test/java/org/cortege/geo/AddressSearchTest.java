package org.cortege.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.FakeGeocoders;
import org.junit.jupiter.api.Test;

/**
 * The exact place's address search through the operator's geocoder, against {@link FakeGeocoders}:
 * local fakes that speak addok's and Nominatim's real protocols and record what our server sent.
 */
@AppTest
class AddressSearchTest extends ApiTest {

    @Override
    protected Map<String, String> extraProperties() {
        return Map.of("cortege.geocoder.url", "http://127.0.0.1:" + FakeGeocoders.port() + "/addok/",
                "cortege.geocoder.protocol", "addok");
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readList(String body) {
        try {
            return json.readValue(body, io.micronaut.core.type.Argument.listOf(io.micronaut.core.type.Argument.mapOf(String.class, Object.class)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void anOrganizerFindsAnAddressThroughTheOperatorsAddokServer() {
        assertEquals(Boolean.TRUE, api.get("/api/config").get("addressSearch"), "the forms offer the search");
        assertEquals(401, api.get("/api/geo/addresses?q=2+place+de+l%27horloge").status(), "signed-in people only");

        String organizer = confirmedSupporter(newEmail());
        FakeGeocoders.RECEIVED.clear();
        Api.Response found = api.get("/api/geo/addresses?q=2+place+de+l%27horloge&postalCode=84+000", "Cookie", organizer);
        assertEquals(200, found.status(), found.body());
        assertEquals("private, no-store", found.headers().get("Cache-Control"));
        List<Map<String, Object>> addresses = readList(found.body());
        assertEquals(2, addresses.size(), "a point outside the globe and a feature without geometry are left out: " + addresses);
        Map<String, Object> first = addresses.get(0);
        assertEquals("2 Place de l'Horloge 84000 Avignon", first.get("label"));
        assertEquals("84000", first.get("postalCode"));
        assertEquals("Avignon", first.get("city"));
        assertEquals(43.949317, ((Number) first.get("lat")).doubleValue(), 1e-9, "GeoJSON is longitude first");
        assertEquals(4.805528, ((Number) first.get("lng")).doubleValue(), 1e-9);

        FakeGeocoders.Received sent = FakeGeocoders.RECEIVED.poll();
        assertEquals("/addok/search/", sent.path());
        assertEquals("2 place de l'horloge", sent.query().get("q"));
        assertEquals("84000", sent.query().get("postcode"), "near the form's commune, in its stored form");
        assertEquals("5", sent.query().get("limit"));
    }

    @Test
    void badQueriesAndAGeocoderDownAreClearRefusalsNeverA500() {
        String organizer = confirmedSupporter(newEmail());
        Api.Response tooShort = api.get("/api/geo/addresses?q=ab", "Cookie", organizer);
        assertEquals(400, tooShort.status());
        assertEquals("Tapez entre 3 et 200 caractères de l’adresse.", tooShort.fieldError("q").orElseThrow());
        assertEquals(400, api.get("/api/geo/addresses?q=" + "a".repeat(201), "Cookie", organizer).status());
        assertEquals(400, api.get("/api/geo/addresses?q=rue+de+la+gare&postalCode=pas-un-code", "Cookie", organizer).status());

        Api.Response down = api.get("/api/geo/addresses?q=rue+en+panne", "Cookie", organizer, "Accept-Language", "en");
        assertEquals(503, down.status(), down.body());
        assertTrue(String.valueOf(down.get("detail")).startsWith("Address search is not answering right now."), down.body());
        assertEquals(503, api.get("/api/geo/addresses?q=rue+vide", "Cookie", organizer).status(), "a JSON null is no answer, never a 500");

        // a geocoder that sends its headers and then stalls: the organizer waits 3 s, not as long as it likes
        long start = System.nanoTime();
        Api.Response slow = api.get("/api/geo/addresses?q=rue+lente", "Cookie", organizer);
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, slow.status(), slow.body());
        assertTrue(waited < 6_000, "the whole exchange is bounded, body included: " + waited + " ms");
    }

    @Test
    void aNominatimServerIsReadTooAndTheSearchIsOffByDefault() throws Exception {
        Map<String, Object> props = secondNodeProperties();
        props.put("cortege.geocoder.url", "http://127.0.0.1:" + FakeGeocoders.port() + "/nominatim");
        props.put("cortege.geocoder.protocol", "nominatim");
        String organizer = confirmedSupporter(newEmail());
        try (EmbeddedServer node = ApplicationContext.run(EmbeddedServer.class, props, "test");
             var client = io.micronaut.http.client.HttpClient.create(node.getURL())) {
            Api other = new Api(client, json);
            FakeGeocoders.RECEIVED.clear();
            Api.Response found = other.get("/api/geo/addresses?q=2+place+de+l%27horloge+avignon", "Cookie", organizer);
            assertEquals(200, found.status(), found.body());
            List<Map<String, Object>> addresses = readList(found.body());
            assertEquals(1, addresses.size(), "a place whose lat is not a number is left out: " + addresses);
            assertEquals(43.949317, ((Number) addresses.get(0).get("lat")).doubleValue(), 1e-9);
            assertEquals("Avignon", addresses.get(0).get("city"));
            FakeGeocoders.Received sent = FakeGeocoders.RECEIVED.poll();
            assertEquals("jsonv2", sent.query().get("format"));
            assertEquals("fr", sent.query().get("countrycodes"), "the instance's country only");
            assertFalse(sent.userAgent() == null || sent.userAgent().startsWith("Java-http-client"), "Nominatim's policy: a real User-Agent");
        }

        props.remove("cortege.geocoder.url");
        props.remove("cortege.geocoder.protocol");
        props.put("endpoints.all.port", Integer.toString(org.cortege.support.FreePort.next()));
        try (EmbeddedServer node = ApplicationContext.run(EmbeddedServer.class, props, "test");
             var client = io.micronaut.http.client.HttpClient.create(node.getURL())) {
            Api other = new Api(client, json);
            assertEquals(Boolean.FALSE, other.get("/api/config").get("addressSearch"), "off unless the operator sets a geocoder");
            Api.Response off = other.get("/api/geo/addresses?q=2+place+de+l%27horloge", "Cookie", organizer);
            assertEquals(404, off.status(), off.body());
        }
    }
}
