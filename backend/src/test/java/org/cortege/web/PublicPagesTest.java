package org.cortege.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.junit.jupiter.api.Test;

/**
 * A link pasted into WhatsApp, Signal or Mastodon is previewed from the page's HTML, fetched
 * without JavaScript: these tests read that HTML as a link-preview robot does.
 */
@AppTest
class PublicPagesTest extends ApiTest {

    private record Published(String slug, String groupSlug, String title, LocalDate day) {
    }

    private Published anAction(String title) {
        return anAction(title, "Rendez-vous **devant la mairie** avec des tracts. [Le programme](https://example.org/programme)");
    }

    private Published anAction(String title, String descriptionMd) {
        GroupRef group = aGroupFoundedBy(confirmedSupporter(newEmail()), unique("Groupe du Panier"), "13002");
        LocalDate day = LocalDate.now().plusWeeks(2).with(TemporalAdjusters.nextOrSame(DayOfWeek.TUESDAY));
        Map<String, Object> b = actionBody(title, day);
        b.put("description", descriptionMd);
        b.put("start", day + "T18:30");
        b.put("end", day + "T20:00");
        b.put("postalCode", "13002");
        b.put("address", "Place de Lenche");
        return new Published(anActionOf(group, b).slug(), group.slug(), title, day);
    }

    private static String meta(String html, String attribute, String name) {
        Matcher m = Pattern.compile("<meta " + attribute + "=\"" + Pattern.quote(name) + "\" content=\"([^\"]*)\">").matcher(html);
        return m.find() ? m.group(1) : null;
    }

    @Test
    void anActionPageCarriesItsOwnPreviewTagsWithoutJavaScript() throws Exception {
        Published a = anAction(unique("Tractage au Panier"));
        Api.Response page = api.get("/actions/" + a.slug(), "Accept", "text/html");
        assertEquals(200, page.status());
        String html = page.body();
        assertTrue(html.contains("<div id=\"app\">") && html.contains("<script type=\"module\""), "still the app");
        assertTrue(html.contains("<title>" + a.title() + " · "), html);
        assertEquals(1, html.split("<title>", -1).length - 1, "one title");
        assertEquals(a.title() + " · Cortège (instance de démonstration)", meta(html, "property", "og:title"));
        String description = meta(html, "property", "og:description");
        assertTrue(description.startsWith("mardi " + a.day().getDayOfMonth() + " "), description);
        assertTrue(description.contains("à 18:30"), description);
        assertTrue(description.contains("Place de Lenche, Marseille 2e Arrondissement (13002)"), description);
        assertTrue(description.contains("Rendez-vous devant la mairie avec des tracts."), "Markdown read as text: " + description);
        assertFalse(description.contains("**"), description);
        assertEquals(publicUrl() + "/actions/" + a.slug(), meta(html, "property", "og:url"));
        assertTrue(html.contains("<link rel=\"canonical\" href=\"" + publicUrl() + "/actions/" + a.slug() + "\">"));
        String image = meta(html, "property", "og:image");
        assertTrue(image.startsWith(publicUrl() + "/api/previews/actions/" + a.slug() + ".png?lang=fr"), image);
        assertEquals("summary_large_image", meta(html, "name", "twitter:card"));
        assertEquals("fr_FR", meta(html, "property", "og:locale"));
        assertTrue(meta(html, "property", "event:start_time").startsWith(a.day() + "T18:30"), html);
        assertFalse(html.contains("noindex"), "a public action may be indexed");
        assertTrue(html.matches("(?s).*<link rel=\"modulepreload\" crossorigin href=\"/assets/EventPageView-[\\w-]+\\.js\">.*"),
                "the action's own chunk comes with the page: " + html);

        // schema.org Event, as search engines read it
        Matcher ld = Pattern.compile("<script type=\"application/ld\\+json\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(ld.find(), html);
        Map<?, ?> event = json.readValue(ld.group(1), Map.class);
        assertEquals("Event", event.get("@type"));
        assertEquals(a.title(), event.get("name"));
        assertTrue(((String) event.get("startDate")).startsWith(a.day() + "T18:30:00+0"), event.toString());
        assertEquals("https://schema.org/EventScheduled", event.get("eventStatus"));
        Map<?, ?> place = (Map<?, ?>) event.get("location");
        assertEquals("13002", ((Map<?, ?>) place.get("address")).get("postalCode"));
        assertNotNull(place.get("geo"));

        // the preview image is a real 1200×630 PNG
        HttpResponse<byte[]> png = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(embeddedServer.getURL() + image.substring(publicUrl().length()))).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, png.statusCode());
        assertEquals("image/png", png.headers().firstValue("Content-Type").orElse(""));
        BufferedImage read = ImageIO.read(new ByteArrayInputStream(png.body()));
        assertEquals(1200, read.getWidth());
        assertEquals(630, read.getHeight());
        assertEquals(0xa3112f, read.getRGB(5, 5) & 0xffffff, "the movement's colour band");
        java.nio.file.Files.createDirectories(java.nio.file.Path.of("target/screenshots"));
        java.nio.file.Files.write(java.nio.file.Path.of("target/screenshots/preview-action.png"), png.body());
        assertTrue(png.headers().firstValue("Cache-Control").orElse("").startsWith("public"));
    }

    @Test
    void aHostileTitleCannotBreakOutOfTheTagsOrTheJsonLd() {
        // titles refuse < and >; quotes and ampersands are allowed, and a description may hold anything
        String title = unique("Fête\" onload=\"alert(1) & l'été");
        Published a = anAction(title, "</script><script>alert(2)</script> <!-- « ok » <img src=x onerror=alert(3)>");
        String html = api.get("/actions/" + a.slug()).body();
        assertFalse(html.contains("<script>alert"), html);
        assertFalse(html.contains("<img"), html);
        assertFalse(html.contains("onload=\"alert"), html);
        assertTrue(html.contains("<title>Fête&quot; onload=&quot;alert(1) &amp; l&#39;été"), html);
        assertFalse(html.matches("(?s).*<script(?![^>]*\\b(src=|type=\"application/ld\\+json\"|type=\"application/json\"))[^>]*>.*"),
                "no executable inline script: the CSP forbids them");
        Matcher ld = Pattern.compile("<script type=\"application/ld\\+json\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(ld.find());
        assertFalse(ld.group(1).contains("<"), "every < of the data is escaped");
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"cortege-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(data.find(), html);
        assertFalse(data.group(1).contains("<"), "every < of the page's data is escaped");
        assertTrue(data.group(1).contains("\\u003c/script>"), "the description is there, escaped");
    }

    @Test
    void anActionPageShowsItsContentAndItsDataBeforeAnyScript() throws Exception {
        Published a = anAction(unique("Tractage au Panier"));
        String html = api.get("/actions/" + a.slug()).body();
        int app = html.indexOf("<div id=\"app\">");
        String firstPaint = html.substring(app, html.indexOf("<script type=\"module\"", app) > 0 ? html.indexOf("<script type=\"module\"", app) : html.length());
        assertTrue(firstPaint.contains("<h1>" + a.title() + "</h1>"), firstPaint);
        assertTrue(firstPaint.contains("<strong>devant la mairie</strong>"), "the description as the app shows it: " + firstPaint);
        assertTrue(firstPaint.contains("Place de Lenche, 13002 Marseille 2e Arrondissement"), firstPaint);
        assertTrue(firstPaint.contains("Personne ne vient encore"), "the app's own words: " + firstPaint);
        assertTrue(firstPaint.contains("à 18:30 – 20:00"), firstPaint);
        assertTrue(firstPaint.contains("<a href=\"/je-soutiens\" class=\"app-header__cta\">Je soutiens</a>"), "the app's header: " + firstPaint);

        // the data block is the API's own answer to an anonymous visitor, in the page's language
        Matcher data = Pattern.compile("<script type=\"application/json\" id=\"cortege-data\">(.*?)</script>", Pattern.DOTALL).matcher(html);
        assertTrue(data.find());
        @SuppressWarnings("unchecked")
        Map<String, Object> given = json.readValue(data.group(1), Map.class);
        assertEquals("fr", given.get("locale"));
        @SuppressWarnings("unchecked")
        Map<String, Object> responses = (Map<String, Object>) given.get("responses");
        assertEquals(api.get("/api/events/" + a.slug()).map(), responses.get("/api/events/" + a.slug()));

        // a signed-in reader's page holds no one's data: the app asks the API with the session
        String signedIn = api.get("/actions/" + a.slug(), "Cookie", confirmedSupporter(newEmail())).body();
        assertFalse(signedIn.contains("cortege-data"), "no data block for a session");
        assertTrue(signedIn.contains("<h1>" + a.title() + "</h1>"), "the public content is shown all the same");
        assertTrue(signedIn.contains("<a href=\"/mon-espace\">Mon espace</a>"), signedIn);

        String en = api.get("/actions/" + a.slug(), "Accept-Language", "en").body();
        assertTrue(en.contains("nobody is coming"), en);
        assertTrue(en.contains("at 18:30 – 20:00"), en);
    }

    @Test
    void groupsHomeAndListsHaveTheirOwnHeadInTheVisitorsLanguage() {
        Published a = anAction(unique("Réunion"));
        String en = api.get("/groupes/" + a.groupSlug(), "Accept-Language", "en-GB,en;q=0.9").body();
        assertTrue(en.startsWith("<!doctype html>\n<html lang=\"en\">") || en.contains("<html lang=\"en\">"), en);
        String description = meta(en, "property", "og:description");
        assertTrue(description.contains("Marseille 2e Arrondissement (13002)"), description);
        assertTrue(description.contains("1 member"), description);
        assertEquals("en_GB", meta(en, "property", "og:locale"));
        assertTrue(meta(en, "property", "og:image").contains("/api/previews/groups/" + a.groupSlug() + ".png?lang=en"));

        String home = api.get("/").body();
        assertTrue(meta(home, "name", "description").matches("[\\d\u202f]+ soutiens?, [\\d\u202f]+ groupes? et [\\d\u202f]+ dates? d’actions? à venir.*"),
                meta(home, "name", "description"));
        assertTrue(home.contains("<span class=\"counters-panel__label\">"), "the home's figures before any script: " + home);
        assertEquals("Carte des actions et des groupes · Cortège (instance de démonstration)", meta(api.get("/carte").body(), "property", "og:title"));
        assertTrue(api.get("/mon-espace").body().contains("<meta name=\"robots\" content=\"noindex\">"), "a person's pages are not indexed");
        assertTrue(api.get("/admin/contacts").body().contains("<meta name=\"robots\" content=\"noindex\">"));
    }

    @Test
    void unknownAndHiddenPagesAnswerTheirStatusToRobots() {
        Api.Response unknown = api.get("/actions/nexiste-pas-du-tout");
        assertEquals(404, unknown.status());
        assertTrue(unknown.body().contains("<div id=\"app\"></div>"), "the app shows its own not-found page");
        assertTrue(unknown.body().contains("noindex"));
        assertEquals(404, api.get("/api/previews/actions/nexiste-pas-du-tout.png").status());

        Published a = anAction(unique("Action masquée"));
        update("UPDATE event SET status = 'HIDDEN', hidden_reason = 'test' WHERE slug = ?", a.slug());
        Api.Response hidden = api.get("/actions/" + a.slug());
        assertEquals(410, hidden.status());
        assertFalse(hidden.body().contains(a.title()), "nothing of a hidden action is previewed");
        assertEquals(410, api.get("/api/previews/actions/" + a.slug() + ".png").status());
    }

    @Test
    void theAppAnswersNotModifiedToARevalidation() {
        Api.Response first = api.get("/je-soutiens");
        String etag = first.headers().get("ETag");
        assertNotNull(etag);
        assertEquals("no-cache", first.headers().get("Cache-Control"));
        assertEquals(304, api.get("/je-soutiens", "If-None-Match", etag).status());
        assertEquals(200, api.get("/je-soutiens", "If-None-Match", etag, "Accept-Language", "en").status(), "another language is another page");
    }

    @Test
    void theSitemapListsPublicPagesOnlyAndRobotsPointsToIt() throws Exception {
        Published shown = anAction(unique("Action visible"));
        Published hidden = anAction(unique("Action cachée"));
        update("UPDATE event SET status = 'HIDDEN', hidden_reason = 'test' WHERE slug = ?", hidden.slug());
        update("UPDATE support_group SET status = 'HIDDEN', hidden_reason = 'test' WHERE slug = ?", hidden.groupSlug());
        Api.Response sitemap = api.get("/sitemap.xml");
        assertEquals(200, sitemap.status());
        assertTrue(sitemap.contentType().startsWith("application/xml"));
        var doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new ByteArrayInputStream(sitemap.body().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        assertEquals("urlset", doc.getDocumentElement().getTagName());
        List<String> locs = new java.util.ArrayList<>();
        var nodes = doc.getElementsByTagName("loc");
        for (int i = 0; i < nodes.getLength(); i++) {
            locs.add(nodes.item(i).getTextContent());
        }
        assertTrue(locs.contains(publicUrl() + "/actions/" + shown.slug()), locs.toString());
        assertTrue(locs.contains(publicUrl() + "/groupes/" + shown.groupSlug()));
        assertFalse(locs.contains(publicUrl() + "/actions/" + hidden.slug()));
        assertFalse(locs.contains(publicUrl() + "/groupes/" + hidden.groupSlug()));

        String robots = api.get("/robots.txt").body();
        assertTrue(robots.contains("Sitemap: " + publicUrl() + "/sitemap.xml"), robots);
        assertTrue(robots.contains("Disallow: /admin"));
    }

    @Test
    void aCalendarClientAskingForTextCalendarGetsTheFeed() {
        Api.Response r = api.get("/api/events.ics", "Accept", "text/calendar");
        assertEquals(200, r.status(), r.body());
        assertTrue(r.body().startsWith("BEGIN:VCALENDAR"));
    }
}
