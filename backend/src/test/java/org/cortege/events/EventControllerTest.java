package org.cortege.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.mail.internet.MimeMessage;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.cortege.support.Api;
import org.cortege.support.ApiTest;
import org.cortege.support.AppTest;
import org.cortege.support.TestMail;
import org.junit.jupiter.api.Test;

@AppTest
class EventControllerTest extends ApiTest {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    /** A Saturday a few weeks ahead. */
    static LocalDate nextSaturday(int weeksAhead) {
        LocalDate d = LocalDate.now(PARIS).plusWeeks(weeksAhead);
        while (d.getDayOfWeek() != java.time.DayOfWeek.SATURDAY) {
            d = d.plusDays(1);
        }
        return d;
    }

    static Map<String, Object> eventBody(String title, String start, String end) {
        Map<String, Object> b = new HashMap<>();
        b.put("title", title);
        b.put("type", "leafleting");
        b.put("description", "Rendez-vous **devant la mairie**.");
        b.put("start", start);
        b.put("end", end);
        b.put("postalCode", "13001");
        b.put("address", "Place du marché");
        return b;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Object o) {
        return (List<Map<String, Object>>) o;
    }

    private record Setup(String manager, String group, String groupSlug) {
    }

    private Setup group() {
        String manager = confirmedSupporter(newEmail());
        String id = createGroup(manager, unique("Groupe des actions"), "13001");
        return new Setup(manager, id, (String) api.get("/api/groups/" + id).get("slug"));
    }

    private Api.Response publish(Setup s, Map<String, Object> body) {
        return api.post("/api/groups/" + s.group() + "/events", body, "Cookie", s.manager());
    }

    @Test
    void aManagerPublishesAnActionThatIsPublicAtOnceCountedAndListed() {
        long before = ((Number) api.get("/api/counters").get("events")).longValue();
        Setup s = group();
        LocalDate day = nextSaturday(3);
        String title = unique("Tractage au marché");
        Api.Response created = publish(s, eventBody(title, day + "T10:00", day + "T12:00"));
        assertEquals(201, created.status(), created.body());
        String slug = (String) created.get("slug");

        Api.Response view = api.get("/api/events/" + slug);
        assertEquals(200, view.status(), view.body());
        assertEquals(title, view.get("title"));
        assertEquals("Tractage", view.get("typeLabel"));
        assertTrue(((String) view.get("descriptionHtml")).contains("<strong>devant la mairie</strong>"));
        assertEquals(day + "T10:00", view.get("start"));
        assertEquals("Marseille 1er Arrondissement", view.get("commune"));
        List<Map<String, Object>> dates = list(view.get("occurrences"));
        assertEquals(1, dates.size());
        assertEquals(OffsetDateTime.of(day.atTime(10, 0), PARIS.getRules().getOffset(day.atTime(10, 0))).toString(),
                OffsetDateTime.parse((String) dates.get(0).get("start")).toString());
        assertFalse((Boolean) view.get("canManage"));
        assertEquals(before + 1, ((Number) api.get("/api/counters").get("events")).longValue());

        // its group's actions near 13001 (the whole test database has many actions on that point)
        Api.Response listed = api.get("/api/events?near=13001&radiusKm=5&sort=distance&group=" + s.groupSlug());
        assertEquals(200, listed.status(), listed.body());
        assertTrue(list(listed.get("items")).stream().anyMatch(i -> slug.equals(i.get("slug"))), listed.body());
        Api.Response byGroup = api.get("/api/events?group=" + s.groupSlug());
        assertEquals(1, list(byGroup.get("items")).size(), byGroup.body());
        assertEquals(0, list(api.get("/api/events?near=75001&radiusKm=5").get("items")).stream()
                .filter(i -> slug.equals(i.get("slug"))).count(), "not in Paris");

        // only the group's managers publish
        String other = confirmedSupporter(newEmail());
        assertEquals(403, api.post("/api/groups/" + s.group() + "/events", eventBody("Intrus", day + "T10:00", null),
                "Cookie", other).status());
        assertEquals(401, api.post("/api/groups/" + s.group() + "/events", eventBody("Anonyme", day + "T10:00", null)).status());
    }

    @Test
    void weeklyRecurrenceKeepsWallClockTimeAcrossTheDaylightSavingChange() {
        Setup s = group();
        // the last Sunday of March: clocks go forward in Paris
        int year = LocalDate.now(PARIS).getYear() + 1;
        LocalDate lastSunday = LocalDate.of(year, 3, 31);
        while (lastSunday.getDayOfWeek() != java.time.DayOfWeek.SUNDAY) {
            lastSunday = lastSunday.minusDays(1);
        }
        LocalDate first = lastSunday.minusDays(15); // a Saturday two weeks before
        Map<String, Object> body = eventBody(unique("Marché du samedi"), first + "T10:00", first + "T12:00");
        body.put("recurrence", "FREQ=WEEKLY;BYDAY=SA;COUNT=4");
        Api.Response created = publish(s, body);
        assertEquals(201, created.status(), created.body());
        List<Map<String, Object>> dates = list(api.get("/api/events/" + created.get("slug")).get("occurrences"));
        assertEquals(4, dates.size());
        for (Map<String, Object> d : dates) {
            OffsetDateTime start = OffsetDateTime.parse((String) d.get("start"));
            assertEquals(10, start.getHour(), "10:00 in Paris on every date: " + d);
        }
        assertEquals("+01:00", OffsetDateTime.parse((String) dates.get(0).get("start")).getOffset().toString());
        assertEquals("+02:00", OffsetDateTime.parse((String) dates.get(3).get("start")).getOffset().toString());
        // in UTC, 09:00 before the change, 08:00 after it
        String id0 = (String) dates.get(0).get("id");
        String id3 = (String) dates.get(3).get("id");
        assertEquals("09:00:00", string("SELECT TIME(starts_at) FROM event_occurrence WHERE public_id = ?", id0));
        assertEquals("08:00:00", string("SELECT TIME(starts_at) FROM event_occurrence WHERE public_id = ?", id3));

        // a time that does not exist (02:30 on the night of the change) is refused
        Map<String, Object> gap = eventBody(unique("Nuit"), lastSunday + "T02:30", lastSunday + "T04:00");
        assertEquals("Cette heure n’existe pas ce jour-là (passage à l’heure d’été)\u00a0: choisissez-en une autre.",
                publish(s, gap).fieldError("start").orElseThrow());
    }

    @Test
    void badActionsAreRefusedWithClearMessagesAndNothingIsWritten() {
        Setup s = group();
        LocalDate day = nextSaturday(2);
        String title = unique("Refusée");
        long before = count("SELECT COUNT(*) FROM event");
        assertEquals("La fin doit venir après le début.",
                publish(s, eventBody(title, day + "T10:00", day + "T09:00")).fieldError("end").orElseThrow());
        assertTrue(publish(s, eventBody(title, "1900-01-01T10:00", "1900-01-01T12:00")).fieldError("start").orElseThrow()
                .startsWith("Choisissez une date entre"));
        assertTrue(publish(s, eventBody(title, "2200-01-01T10:00", "2200-01-01T12:00")).fieldError("start").isPresent());
        assertTrue(publish(s, eventBody(title, "demain", null)).fieldError("start").isPresent());
        Map<String, Object> b = eventBody(title, day + "T10:00", day + "T12:00");
        b.put("capacity", -1);
        assertTrue(publish(s, b).fieldError("capacity").isPresent());
        b.put("capacity", 10);
        b.put("recurrence", "FREQ=DAILY;COUNT=5000000");
        assertEquals("Seules les répétitions chaque semaine ou chaque mois sont possibles.",
                publish(s, b).fieldError("recurrence").orElseThrow());
        b.put("recurrence", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=5000000");
        assertEquals("Une répétition compte au plus 200 dates.", publish(s, b).fieldError("recurrence").orElseThrow());
        b.put("recurrence", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;UNTIL=20991231");
        assertTrue(publish(s, b).fieldError("recurrence").isPresent());
        b.put("recurrence", "FREQ=WEEKLY");
        assertTrue(publish(s, b).fieldError("recurrence").orElseThrow().startsWith("Indiquez quand la répétition s’arrête"));
        b.put("recurrence", "FREQ=WEEKLY;COUNT=3;BYHOUR=4");
        assertTrue(publish(s, b).fieldError("recurrence").isPresent());
        b.put("recurrence", "n’importe quoi");
        assertTrue(publish(s, b).fieldError("recurrence").isPresent());
        b.remove("recurrence");
        b.put("type", "émeute");
        assertEquals("Type d’action inconnu.", publish(s, b).fieldError("type").orElseThrow());
        b.put("type", "online");
        b.put("online", true);
        b.put("onlineUrl", "javascript:alert(1)");
        assertTrue(publish(s, b).fieldError("onlineUrl").isPresent());
        assertEquals(before, count("SELECT COUNT(*) FROM event"));
        Api.Response english = api.post("/api/groups/" + s.group() + "/events", eventBody(title, day + "T10:00", day + "T09:00"),
                "Cookie", s.manager(), "Accept-Language", "en");
        assertEquals("The end must come after the start.", english.fieldError("end").orElseThrow());
        assertTrue(english.contentType().startsWith("application/problem+json"));
    }

    @Test
    void supportersAnswerWithinCapacityAndTwiceIsRefused() {
        Setup s = group();
        LocalDate day = nextSaturday(2);
        Map<String, Object> b = eventBody(unique("Réunion publique"), day + "T18:00", day + "T20:00");
        b.put("type", "public-meeting");
        b.put("capacity", 2);
        String slug = (String) publish(s, b).get("slug");
        String occurrence = (String) list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("id");
        String a = confirmedSupporter(newEmail());
        String bCookie = confirmedSupporter(newEmail());
        String c = confirmedSupporter(newEmail());
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of("shareContact", true), "Cookie", a).status());
        Api.Response twice = api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", a);
        assertEquals(409, twice.status());
        assertEquals("Vous avez déjà dit que vous venez.", twice.get("detail"));
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", bCookie).status());
        Api.Response full = api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", c);
        assertEquals(409, full.status());
        assertEquals("Cette action est complète\u00a0: il n’y a plus de place.", full.get("detail"));
        Map<String, Object> seen = list(api.get("/api/events/" + slug, "Cookie", a).get("occurrences")).get(0);
        assertEquals(2, ((Number) seen.get("rsvpCount")).intValue());
        assertEquals(true, seen.get("full"));
        assertEquals(true, seen.get("going"));

        // one cancels: a place frees up
        assertEquals(200, api.delete("/api/occurrences/" + occurrence + "/rsvp", "Cookie", bCookie).status());
        assertEquals(404, api.delete("/api/occurrences/" + occurrence + "/rsvp", "Cookie", bCookie).status());
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", c).status());

        // managers see who comes, with contact details only of those who agreed
        Api.Response participants = api.get("/api/occurrences/" + occurrence + "/participants", "Cookie", s.manager());
        assertEquals(200, participants.status(), participants.body());
        List<Map<String, Object>> people = json(participants.body());
        assertEquals(2, people.size());
        assertEquals(1, people.stream().filter(p -> p.get("email") != null).count());
        assertEquals(403, api.get("/api/occurrences/" + occurrence + "/participants", "Cookie", a).status());
        // attendance only once the action has begun
        assertEquals(409, api.patch("/api/occurrences/" + occurrence + "/participants/" + people.get(0).get("rsvpPublicId"),
                Map.of("attended", true), "Cookie", s.manager()).status());
    }

    @Test
    void aVisitorAnswersByMailAndCancellingTellsThoseWhoCome() {
        Setup s = group();
        LocalDate day = nextSaturday(2);
        String title = unique("Porte-à-porte");
        Map<String, Object> b = eventBody(title, day + "T14:00", day + "T17:00");
        b.put("type", "door-to-door");
        String slug = (String) publish(s, b).get("slug");
        String occurrence = (String) list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("id");
        String visitor = newEmail();
        Map<String, Object> guest = Map.of("name", "Léa", "email", visitor, "shareContact", true);
        assertEquals(202, api.post("/api/occurrences/" + occurrence + "/guest-rsvp", guest).status());
        MimeMessage confirm = TestMail.awaitMail(visitor);
        assertTrue(TestMail.subject(confirm).contains(title));
        assertEquals(0, ((Number) list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("rsvpCount")).intValue(),
                "not counted before confirmation");
        Api.Response confirmed = api.post("/api/rsvp/confirm", Map.of("token", TestMail.token(confirm)));
        assertEquals(200, confirmed.status(), confirmed.body());
        assertEquals("CONFIRMED", confirmed.get("status"));
        assertEquals(1, ((Number) list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("rsvpCount")).intValue());
        assertEquals(410, api.post("/api/rsvp/confirm", Map.of("token", TestMail.token(confirm))).status(), "a link serves once");
        // once confirmed, the visitor gets the date, the place, the calendar file and their own link to cancel
        MimeMessage done = TestMail.awaitMails(visitor, 2).get(1);
        assertEquals("Vous venez\u00a0: " + title, TestMail.subject(done));
        String doneText = TestMail.textPart(done);
        assertTrue(doneText.contains("Place du marché, 13001"), doneText);
        assertTrue(doneText.contains(publicUrl() + "/api/occurrences/" + occurrence + ".ics"), doneText);
        assertTrue(doneText.contains("/participation#"), doneText);

        String supporterEmail = newEmail();
        String supporter = confirmedSupporter(supporterEmail);
        int mailsBefore = TestMail.mailsTo(supporterEmail).size();
        assertEquals(201, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", supporter).status());
        MimeMessage coming = TestMail.awaitMails(supporterEmail, mailsBefore + 1).get(mailsBefore);
        assertEquals("Vous venez\u00a0: " + title, TestMail.subject(coming));
        assertTrue(TestMail.textPart(coming).contains("/api/occurrences/" + occurrence + ".ics"));
        assertTrue(TestMail.textPart(coming).contains(publicUrl() + "/actions/" + slug), "the page where one says one no longer comes");
        mailsBefore++;

        assertEquals(204, api.post("/api/events/" + slug + "/cancel", Map.of(), "Cookie", s.manager()).status());
        MimeMessage toSupporter = TestMail.awaitMails(supporterEmail, mailsBefore + 1).get(mailsBefore);
        assertTrue(TestMail.subject(toSupporter).startsWith("Annulation"), TestMail.subject(toSupporter));
        assertTrue(TestMail.textPart(toSupporter).contains(title));
        MimeMessage toVisitor = TestMail.awaitMails(visitor, 3).get(2);
        assertTrue(TestMail.subject(toVisitor).startsWith("Annulation"));
        assertTrue(TestMail.textPart(toVisitor).contains("/participation#"), "a visitor gets their own link");

        Api.Response after = api.get("/api/events/" + slug);
        assertEquals("CANCELLED", after.get("status"));
        assertEquals("CANCELLED", list(after.get("occurrences")).get(0).get("state"));
        assertEquals(409, api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", confirmedSupporter(newEmail())).status());
        assertEquals(409, api.post("/api/occurrences/" + occurrence + "/guest-rsvp", Map.of("name", "Tom", "email", newEmail())).status());
        assertFalse(list(api.get("/api/events?group=" + s.groupSlug()).get("items")).isEmpty(), "still listed for its group, as cancelled");
    }

    @Test
    void editingTheTimeMovesTheDateKeepsAnswersAndTellsThoseWhoCome() {
        Setup s = group();
        LocalDate day = nextSaturday(4);
        String slug = (String) publish(s, eventBody(unique("Phoning"), day + "T10:00", day + "T12:00")).get("slug");
        String occurrence = (String) list(api.get("/api/events/" + slug).get("occurrences")).get(0).get("id");
        String email = newEmail();
        String supporter = confirmedSupporter(email);
        api.post("/api/occurrences/" + occurrence + "/rsvp", Map.of(), "Cookie", supporter);
        int mailsBefore = TestMail.awaitMails(email, 2).size(); // the sign-up's and "you are coming"
        Api.Response edited = api.patch("/api/events/" + slug, Map.of("start", day + "T10:30", "end", day + "T12:30"), "Cookie", s.manager());
        assertEquals(200, edited.status(), edited.body());
        Map<String, Object> date = list(edited.get("occurrences")).get(0);
        assertEquals(occurrence, date.get("id"), "same date, same answers");
        assertEquals(1, ((Number) date.get("rsvpCount")).intValue());
        assertEquals(30, OffsetDateTime.parse((String) date.get("start")).getMinute());
        MimeMessage changed = TestMail.awaitMails(email, mailsBefore + 1).get(mailsBefore);
        assertTrue(TestMail.subject(changed).startsWith("Changement"));
        assertTrue(TestMail.textPart(changed).contains("10\u00a0h\u00a030"), TestMail.textPart(changed));
        assertEquals(1, count("SELECT sequence FROM event_occurrence WHERE public_id = ?", occurrence));
    }

    @Test
    void feedsAreICalendarWithStableUidsSequenceAndCancellation() throws Exception {
        Setup s = group();
        LocalDate day = nextSaturday(2);
        Map<String, Object> b = eventBody(unique("Tractage hebdo"), day + "T10:00", day + "T12:00");
        b.put("recurrence", "FREQ=WEEKLY;COUNT=3");
        String slug = (String) publish(s, b).get("slug");
        List<Map<String, Object>> dates = list(api.get("/api/events/" + slug).get("occurrences"));
        assertEquals(204, api.post("/api/occurrences/" + dates.get(1).get("id") + "/cancel", Map.of(), "Cookie", s.manager()).status());

        Api.Response feed = api.get("/api/groups/" + s.groupSlug() + "/events.ics");
        assertEquals(200, feed.status(), feed.body());
        assertTrue(feed.contentType().startsWith("text/calendar"));
        net.fortuna.ical4j.model.Calendar cal = new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(feed.body()));
        cal.validate();
        List<net.fortuna.ical4j.model.component.VEvent> vevents = cal.getComponents("VEVENT");
        assertEquals(3, vevents.size());
        assertEquals("Europe/Paris", cal.getComponent("VTIMEZONE").orElseThrow().getProperty("TZID").orElseThrow().getValue());
        assertTrue(feed.body().contains("DTSTART;TZID=Europe/Paris:" + day.toString().replace("-", "") + "T100000"), feed.body());
        var second = vevents.get(1);
        assertEquals(dates.get(1).get("id") + "@localhost", second.getProperty("UID").orElseThrow().getValue());
        assertEquals("CANCELLED", second.getProperty("STATUS").orElseThrow().getValue());
        assertEquals("1", second.getProperty("SEQUENCE").orElseThrow().getValue());
        assertEquals("CONFIRMED", vevents.get(0).getProperty("STATUS").orElseThrow().getValue());
        assertTrue(feed.body().length() < 4000 + 1000 * 3, "a trimmed VTIMEZONE: " + feed.body().length());

        Api.Response one = api.get("/api/occurrences/" + dates.get(0).get("id") + ".ics");
        assertEquals(200, one.status());
        assertTrue(one.headers().get("Content-Disposition").contains(slug + ".ics"));
        assertEquals(1, new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(one.body())).getComponents("VEVENT").size());

        Api.Response movement = api.get("/api/events.ics?near=13001&radiusKm=10");
        assertEquals(200, movement.status(), movement.body());
        new net.fortuna.ical4j.data.CalendarBuilder().build(new java.io.StringReader(movement.body())).validate();
        assertTrue(movement.body().contains(dates.get(0).get("id") + "@localhost"));

        // private feed: the dates a supporter comes to, by a secret link that can be replaced
        String supporter = confirmedSupporter(newEmail());
        api.post("/api/occurrences/" + dates.get(2).get("id") + "/rsvp", Map.of(), "Cookie", supporter);
        String url = (String) api.post("/api/me/calendar-feed", Map.of(), "Cookie", supporter).get("url");
        assertNotNull(url);
        String path = url.substring(url.indexOf("/api/"));
        Api.Response mine = api.get(path);
        assertEquals(200, mine.status());
        assertTrue(mine.body().contains(dates.get(2).get("id") + "@localhost"));
        assertFalse(mine.body().contains(dates.get(0).get("id") + "@localhost"));
        api.post("/api/me/calendar-feed", Map.of(), "Cookie", supporter);
        assertEquals(404, api.get(path).status(), "the old link stops working");
    }

    @Test
    void theMapClustersAtLowZoomAndShowsPointsCloseUp() {
        Setup s = group();
        LocalDate day = nextSaturday(1);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> b = eventBody(unique("Carte " + i), day + "T1" + i + ":00", null);
            b.put("lat", 43.30 + i * 0.001);
            b.put("lng", 5.38);
            assertEquals(201, publish(s, b).status());
        }
        // France-wide: one cluster around Marseille holding at least our three dates
        Api.Response france = api.get("/api/map?bbox=-5.5,41.0,10.0,51.5&zoom=5&layers=events");
        assertEquals(200, france.status(), france.body());
        assertTrue(france.contentType().startsWith("application/geo+json"));
        assertEquals("FeatureCollection", france.get("type"));
        List<Map<String, Object>> features = list(france.get("features"));
        assertTrue(features.stream().allMatch(f -> "Feature".equals(f.get("type"))));
        @SuppressWarnings("unchecked")
        Map<String, Object> cluster = features.stream().filter(f -> {
            List<Number> c = (List<Number>) ((Map<String, Object>) f.get("geometry")).get("coordinates");
            return Math.abs(c.get(0).doubleValue() - 5.38) < 1.5 && Math.abs(c.get(1).doubleValue() - 43.3) < 1.5;
        }).map(f -> (Map<String, Object>) f.get("properties")).filter(p -> "cluster".equals(p.get("kind"))).findFirst().orElseThrow();
        assertTrue(((Number) cluster.get("count")).intValue() >= 3);
        // street level: one point per action, with its page
        Api.Response street = api.get("/api/map?bbox=5.37,43.29,5.39,43.31&zoom=16&layers=events");
        @SuppressWarnings("unchecked")
        long points = list(street.get("features")).stream().map(f -> (Map<String, Object>) f.get("properties"))
                .filter(p -> "event".equals(p.get("kind")) && ((String) p.get("url")).startsWith("/actions/")).count();
        assertTrue(points >= 3, street.body());
        // groups layer
        assertTrue(api.get("/api/map?bbox=5.37,43.29,5.39,43.31&zoom=16&layers=groups").body().contains("\"kind\":\"group\""));
    }

    @Test
    void aBusyPlaceListsItsDatesSoonestFirstPageAfterPage() {
        // more than cortege.events.listing-dense dates (150 in tests) near Brest, of this test's own group (a database
        // kept between runs holds older ones): the listing reads them week, month, four months
        Setup s = group();
        String tag = unique("Brest");
        String near = "29200&radiusKm=3&group=" + s.group();
        LocalDate later = nextSaturday(3);
        LocalDate sooner = nextSaturday(1);
        Map<String, Object> a = eventBody(tag + " hebdo", later + "T10:00", later + "T11:00");
        a.put("postalCode", "29200");
        a.put("recurrence", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR,SA,SU;COUNT=200");
        assertEquals(201, publish(s, a).status());
        Map<String, Object> b = eventBody(tag + " tôt", sooner + "T09:00", sooner + "T10:00");
        b.put("postalCode", "29200");
        assertEquals(201, publish(s, b).status());
        Api.Response first = api.get("/api/events?near=" + near + "&size=5");
        assertEquals(200, first.status(), first.body());
        assertEquals(200, ((Number) first.get("total")).intValue(), first.body());
        assertEquals(true, first.get("totalCapped"), "more than 200: the page says so");
        List<Map<String, Object>> items = list(first.get("items"));
        List<OffsetDateTime> starts = new java.util.ArrayList<>();
        for (int page = 1; page <= 3; page++) {
            for (Map<String, Object> i : list(api.get("/api/events?near=" + near + "&size=5&page=" + page).get("items"))) {
                assertTrue(((String) i.get("title")).startsWith(tag), i.toString());
                starts.add(OffsetDateTime.parse((String) i.get("start")));
            }
        }
        assertEquals(15, starts.size());
        ZoneId paris = ZoneId.of("Europe/Paris");
        assertEquals(sooner.atTime(9, 0), starts.get(0).atZoneSameInstant(paris).toLocalDateTime(), "the sooner action first");
        assertEquals(later.atTime(10, 0), starts.get(1).atZoneSameInstant(paris).toLocalDateTime());
        for (int i = 2; i < starts.size(); i++) {
            // one date a day: the page edges (first week, first month, four months: EventSearch.SLICES) skip or repeat none
            assertEquals(starts.get(i - 1).atZoneSameInstant(paris).toLocalDate().plusDays(1),
                    starts.get(i).atZoneSameInstant(paris).toLocalDate(), "the next day's date: " + starts);
        }
        assertTrue(items.stream().anyMatch(i -> ((String) i.get("title")).endsWith("tôt")), "the sooner action comes first: " + items);
    }

    @Test
    void everyZoomCountsTheSameDates() {
        // the same dates, counted as clusters (grids, then SQL) or as points, whatever the zoom
        int[] before = new int[18];
        for (int zoom = 6; zoom <= 17; zoom++) { // below 6, a cell also holds Marseille
            before[zoom] = datesOnMap(zoom);
        }
        Setup s = group();
        LocalDate day = nextSaturday(1);
        for (int i = 0; i < 3; i++) {
            Map<String, Object> b = eventBody(unique("Ajaccio " + i), day + "T1" + i + ":00", null);
            b.put("postalCode", "20000");
            b.put("lat", 41.92 + i * 0.002);
            b.put("lng", 8.73 + i * 0.002);
            if (i == 0) {
                b.put("recurrence", "FREQ=WEEKLY;COUNT=2");
            }
            assertEquals(201, publish(s, b).status());
        }
        for (int zoom = 6; zoom <= 17; zoom++) {
            assertEquals(before[zoom] + 4, datesOnMap(zoom), "zoom " + zoom);
        }
    }

    @SuppressWarnings("unchecked")
    private int datesOnMap(int zoom) {
        Api.Response r = api.get("/api/map?bbox=8.70,41.90,8.76,41.94&zoom=" + zoom + "&layers=events");
        assertEquals(200, r.status(), r.body());
        int dates = 0;
        for (Map<String, Object> f : list(r.get("features"))) {
            Map<String, Object> p = (Map<String, Object>) f.get("properties");
            dates += ((Number) ("cluster".equals(p.get("kind")) ? p.get("count") : p.get("dates"))).intValue();
        }
        return dates;
    }

    @Test
    void badMapQueriesAreClear400s() {
        assertEquals("La zone est inversée\u00a0: l’ouest doit être plus petit que l’est et le sud que le nord.",
                api.get("/api/map?bbox=10,41,-5,51&zoom=5").fieldError("bbox").orElseThrow());
        assertTrue(api.get("/api/map?bbox=-400,-100,400,100&zoom=1").fieldError("bbox").isPresent());
        assertTrue(api.get("/api/map?bbox=a,b,c,d&zoom=1").fieldError("bbox").isPresent());
        assertTrue(api.get("/api/map?bbox=NaN,1,2,3&zoom=1").fieldError("bbox").isPresent());
        assertEquals("Le niveau de zoom est un nombre entier de 0 à 20.", api.get("/api/map?bbox=-5,41,10,51&zoom=99").fieldError("zoom").orElseThrow());
        assertTrue(api.get("/api/map?bbox=-5,41,10,51&zoom=5&layers=secrets").fieldError("layers").isPresent());
        assertTrue(api.get("/api/map?bbox=-5,41,10,51&zoom=5&from=2027-01-01&to=2026-01-01").fieldError("to").isPresent());
        assertTrue(api.get("/api/events?from=1900-01-01").fieldError("from").isPresent());
        assertTrue(api.get("/api/events?sort=random").fieldError("sort").isPresent());
        String zoom = "Le niveau de zoom est un nombre entier de 0 à 20.";
        assertEquals(zoom, api.get("/api/map?bbox=-5,41,10,51").fieldError("zoom").orElseThrow(), "the zoom is required");
        assertEquals(zoom, api.get("/api/map?bbox=-5,41,10,51&zoom=abc").fieldError("zoom").orElseThrow());
        assertEquals(zoom, api.get("/api/map?bbox=-5,41,10,51&zoom=-1").fieldError("zoom").orElseThrow());
        assertEquals("Les couches possibles sont «\u202fgroups\u202f» et «\u202fevents\u202f».",
                api.get("/api/map?bbox=-5,41,10,51&zoom=5&layers=groups,events,groups").fieldError("layers").orElseThrow());
        assertEquals(200, api.get("/api/map?bbox=-5,41,10,51&zoom=20&layers=").status(), "no layer named: both");
        assertEquals("Entre 1 et 50 résultats par page.", api.get("/api/events?size=51").fieldError("size").orElseThrow());
        assertTrue(api.get("/api/events?page=0").fieldError("page").isPresent());
        assertTrue(api.get("/api/events?page=abc").fieldError("page").isPresent());
        assertTrue(api.get("/api/events?radiusKm=NaN").fieldError("radiusKm").isPresent());
        assertTrue(api.get("/api/events.ics?radiusKm=900").fieldError("radiusKm").isPresent());
        assertEquals(404, api.get("/api/events/nope").status());
        assertEquals(404, api.get("/api/calendar/" + "x".repeat(43) + ".ics").status());
    }

    @Test
    void onlyTheEmbeddablePagesMayBeFramedByOtherSites() {
        Api.Response embed = api.get("/embed/map");
        assertEquals(200, embed.status());
        assertTrue(embed.headers().get("Content-Security-Policy").contains("frame-ancestors *"));
        assertEquals(null, embed.headers().get("X-Frame-Options"));
        assertTrue(api.get("/embed/counters").headers().get("Content-Security-Policy").contains("frame-ancestors *"));
        Api.Response page = api.get("/carte");
        assertTrue(page.headers().get("Content-Security-Policy").contains("frame-ancestors 'none'"));
        assertEquals("DENY", page.headers().get("X-Frame-Options"));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> json(String body) {
        try {
            return (List<Map<String, Object>>) (List<?>) this.json.readValue(body, io.micronaut.core.type.Argument.listOf(Map.class));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
