package org.cortege.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Local fakes that speak the real protocols of the geocoders an operator may run (named as such:
 * they are not addok or Nominatim, they answer what those servers answer): addok's
 * {@code GET /search/?q=&limit=&postcode=} with a GeoJSON FeatureCollection (coordinates longitude
 * first), Nominatim's {@code GET /search?format=jsonv2&q=&countrycodes=} with an array whose lat and
 * lon are strings. Each answers one address at Avignon's Place de l'Horloge, plus entries a careless
 * reader would take (a point off the globe, no geometry, a lat that is not a number); a query with
 * "panne" gets a 500, with "vide" the JSON null, with "lent" a body that stalls for 10 s. They record what our server sent.
 */
public final class FakeGeocoders {

    /** What one fake received: the path and the decoded query, and the User-Agent. */
    public record Received(String path, Map<String, String> query, String userAgent) {
    }

    public static final ConcurrentLinkedQueue<Received> RECEIVED = new ConcurrentLinkedQueue<>();
    private static final HttpServer SERVER = start();

    private FakeGeocoders() {
    }

    /** The fakes' port on 127.0.0.1 (started once per test JVM, on first use): addok under /addok/, Nominatim under /nominatim. */
    public static int port() {
        return SERVER.getAddress().getPort();
    }

    private static HttpServer start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/addok/search/", e -> {
                Received r = record(e);
                String q = r.query().get("q");
                if (q.contains("lent")) {
                    // headers at once, then a body that never ends in time: a geocoder under load
                    e.sendResponseHeaders(200, 0);
                    e.getResponseBody().write("{\"type\": \"FeatureCollection\", ".getBytes(StandardCharsets.UTF_8));
                    e.getResponseBody().flush();
                    try {
                        Thread.sleep(10_000);
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                    }
                    e.close();
                } else if (q.contains("vide")) {
                    answer(e, "null");
                } else {
                    answer(e, addok(r));
                }
            });
            server.createContext("/nominatim/search", e -> answer(e, nominatim(record(e))));
            server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Received record(HttpExchange e) {
        Map<String, String> query = new java.util.LinkedHashMap<>();
        for (String pair : e.getRequestURI().getRawQuery().split("&")) {
            String[] kv = pair.split("=", 2);
            query.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
        }
        Received r = new Received(e.getRequestURI().getPath(), query, e.getRequestHeaders().getFirst("User-Agent"));
        RECEIVED.add(r);
        return r;
    }

    /** addok's answer, as api-adresse.data.gouv.fr gives it (trimmed to the fields read), plus hostile entries. */
    private static String addok(Received r) {
        String q = r.query().get("q");
        if (q.contains("panne")) {
            return null;
        }
        return """
                {"type": "FeatureCollection", "version": "draft", "query": "%s", "features": [
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.805528, 43.949317]},
                   "properties": {"label": "2 Place de l'Horloge 84000 Avignon", "score": 0.97, "housenumber": "2",
                     "id": "84007_1910_00002", "name": "2 Place de l'Horloge", "postcode": "84000", "citycode": "84007",
                     "city": "Avignon", "context": "84, Vaucluse, Provence-Alpes-Côte d'Azur", "type": "housenumber"}},
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.8, 999]},
                   "properties": {"label": "Hors du monde", "postcode": "84000", "city": "Avignon"}},
                  {"type": "Feature", "properties": {"label": "Sans géométrie"}},
                  {"type": "Feature", "geometry": {"type": "Point", "coordinates": [4.81, 43.95]},
                   "properties": {"label": "<img src=x onerror=alert(1)> Rue de la République 84000 Avignon", "city": "Avignon"}}
                ], "attribution": "BAN", "licence": "ETALAB-2.0", "limit": 5}""".formatted(q.replace("\"", ""));
    }

    private static String nominatim(Received r) {
        return """
                [{"place_id": 1, "licence": "Data © OpenStreetMap contributors, ODbL 1.0", "osm_type": "node", "osm_id": 42,
                  "lat": "43.9493170", "lon": "4.8055280", "category": "place", "type": "house", "place_rank": 30,
                  "importance": 0.0001, "addresstype": "place", "name": "",
                  "display_name": "2, Place de l'Horloge, Avignon, Vaucluse, Provence-Alpes-Côte d'Azur, France métropolitaine, 84000, France",
                  "address": {"house_number": "2", "road": "Place de l'Horloge", "city": "Avignon", "postcode": "84000",
                    "country": "France", "country_code": "fr"},
                  "boundingbox": ["43.9492670", "43.9493670", "4.8054780", "4.8055780"]},
                 null,
                 {"lat": "not a number", "lon": "4.8", "display_name": "Cassé"}]""";
    }

    private static void answer(HttpExchange e, String body) throws IOException {
        byte[] bytes = (body == null ? "{\"message\": \"down\"}" : body).getBytes(StandardCharsets.UTF_8);
        e.getResponseHeaders().set("Content-Type", "application/json; charset=utf-8");
        e.sendResponseHeaders(body == null ? 500 : 200, bytes.length);
        e.getResponseBody().write(bytes);
        e.close();
    }

}
