package org.cortege.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@AppTest
class WebTest extends ApiTest {

    @ParameterizedTest
    @ValueSource(strings = {"/", "/je-soutiens", "/connexion/confirmer", "/mon-espace", "/une/page/inconnue"})
    void deepLinksServeTheAppWithStrictHeaders(String path) {
        Api.Response r = api.get(path);
        assertEquals(200, r.status());
        assertTrue(r.contentType().startsWith("text/html"));
        assertTrue(r.body().contains("<div id=\"app\">") && r.body().contains("<script type=\"module\""), "the app");
        String csp = r.headers().get("Content-Security-Policy");
        assertTrue(csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"), csp);
        assertTrue(csp.contains("frame-ancestors 'none'"), csp);
        assertTrue(csp.contains("img-src 'self' data: https://tile.openstreetmap.org"), csp);
        assertEquals("nosniff", r.headers().get("X-Content-Type-Options"));
        assertEquals("same-origin", r.headers().get("Referrer-Policy"));
    }

    @Test
    void theBuiltAppHasNoInlineScript() {
        String html = api.get("/").body();
        // a data block (type="application/json": the page's data for the app) is never run; any other script has a src
        assertFalse(html.matches("(?s).*<script(?![^>]*\\b(src=|type=\"application/json\"))[^>]*>.*"), "every script has a src: the CSP forbids inline ones");
        assertTrue(html.contains("<script type=\"application/json\" id=\"cortege-data\">"), "the home's figures are given to the app");
    }

    @Test
    void aMissingAssetIsA404NotTheApp() {
        assertEquals(404, api.get("/assets/nope.js").status());
        assertEquals(404, api.get("/nope.png").status());
    }

    /** The app's scripts, as index.html names them. */
    private List<String> assets(String html) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?:src|href)=\"(/assets/[^\"]+)\"").matcher(html);
        List<String> found = new java.util.ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    @Test
    void builtFilesAreCachedForAYearAndServedPrecompressed() throws Exception {
        List<String> assets = assets(api.get("/").body());
        String script = assets.stream().filter(a -> a.startsWith("/assets/index-") && a.endsWith(".js")).findFirst().orElseThrow(); // the entry: big enough to be compressed
        String style = assets.stream().filter(a -> a.endsWith(".css")).findFirst().orElseThrow();
        java.net.http.HttpClient client = java.net.http.HttpClient.newHttpClient();
        byte[] plain;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("public" + script)) {
            plain = in.readAllBytes();
        }
        for (String encoding : new String[] {"br", "gzip", "identity"}) {
            java.net.http.HttpResponse<byte[]> r = client.send(java.net.http.HttpRequest.newBuilder(URI.create(embeddedServer.getURL() + script))
                    .header("Accept-Encoding", encoding.equals("identity") ? "br;q=0, gzip;q=0" : encoding).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray());
            assertEquals(200, r.statusCode());
            assertEquals("public, max-age=31536000, immutable", r.headers().firstValue("Cache-Control").orElse(""));
            assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/javascript"));
            assertTrue(r.headers().firstValue("Vary").orElse("").contains("Accept-Encoding"));
            switch (encoding) {
                case "br" -> {
                    assertEquals("br", r.headers().firstValue("Content-Encoding").orElse(""));
                    try (InputStream in = getClass().getClassLoader().getResourceAsStream("public" + script + ".br")) {
                        assertArrayEquals(in.readAllBytes(), r.body(), "the Brotli twin Vite built, as is");
                    }
                    assertTrue(r.body().length < plain.length / 2);
                }
                case "gzip" -> {
                    assertEquals("gzip", r.headers().firstValue("Content-Encoding").orElse(""));
                    try (InputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(r.body()))) {
                        assertArrayEquals(plain, in.readAllBytes(), "gzip decodes to the script");
                    }
                }
                default -> {
                    assertTrue(r.headers().firstValue("Content-Encoding").isEmpty());
                    assertArrayEquals(plain, r.body());
                }
            }
        }
        Api.Response css = api.get(style);
        assertEquals(200, css.status());
        assertTrue(css.contentType().startsWith("text/css"), css.contentType());
        assertEquals(404, api.get("/assets/..%2Fapplication.yml").status());
        assertEquals(404, api.get("/assets/index.html").status());
    }

    @Test
    void apiAnswersCarryTheHeadersToo() {
        Api.Response r = api.get("/api/counters");
        assertTrue(r.headers().get("Content-Security-Policy").contains("default-src 'self'"));
    }

    @Test
    void aCrossSiteFormPostIsRefused() {
        Api.Response evil = api.post("/api/login", Map.of("email", newEmail()), "Origin", "https://evil.example");
        assertEquals(403, evil.status());
        assertEquals("urn:cortege:problem:cross-site", evil.get("type"));
        Api.Response fetchMeta = api.post("/api/logout", Map.of(), "Sec-Fetch-Site", "cross-site");
        assertEquals(403, fetchMeta.status());
    }

    @Test
    void theSiteItselfAndNonBrowserClientsMayPost() {
        assertEquals(202, api.post("/api/login", Map.of("email", newEmail()), "Origin", publicUrl()).status());
        assertEquals(202, api.post("/api/login", Map.of("email", newEmail()), "Sec-Fetch-Site", "same-origin").status());
        assertEquals(202, api.post("/api/login", Map.of("email", newEmail())).status());
    }

    @Test
    void configGivesThePageWhatItNeedsInItsLanguage() {
        Api.Response fr = api.get("/api/config");
        assertEquals(200, fr.status());
        assertEquals("https://tile.openstreetmap.org/{z}/{x}/{y}.png", ((Map<?, ?>) fr.get("tiles")).get("url"));
        assertEquals("Europe/Paris", fr.get("timeZone"));
        assertTrue(fr.body().contains("\"label\":\"Écologie\""));
        assertTrue(api.get("/api/config", "Accept-Language", "en").body().contains("\"label\":\"Ecology\""));
        assertTrue(((String) ((Map<?, ?>) fr.get("tiles")).get("attribution")).contains("les contributeurs d’OpenStreetMap"));
        Map<?, ?> enTiles = (Map<?, ?>) api.get("/api/config", "Accept-Language", "en").get("tiles");
        assertEquals("© <a href=\"https://www.openstreetmap.org/copyright\">OpenStreetMap contributors</a>", enTiles.get("attribution"));
    }

    @Test
    void postalCodeLookupListsTheCommunesOfACode() {
        Api.Response r = api.get("/api/geo/postal-codes/01000");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Bourg-en-Bresse"), r.body());
        assertEquals(400, api.get("/api/geo/postal-codes/99999").status());
        assertEquals(400, api.get("/api/geo/postal-codes/abc").status());
    }

    @Test
    void cspAllowsASubdomainTemplateOfTiles() {
        assertEquals("https://*.tile.example.org", SecurityHeadersFilter.tilesSource("https://{s}.tile.example.org/{z}/{x}/{y}.png"));
        assertEquals("http://tiles.local:8081", SecurityHeadersFilter.tilesSource("http://tiles.local:8081/{z}/{x}/{y}.png"));
        assertEquals("", SecurityHeadersFilter.tilesSource("not a url"));
    }
}
