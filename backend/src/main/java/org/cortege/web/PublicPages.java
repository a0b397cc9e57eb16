package org.cortege.web;

import io.micronaut.http.HttpStatus;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.NumberFormat;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.cortege.counters.Counters;
import org.cortege.counters.CountersService;
import org.cortege.events.EventService;
import org.cortege.events.EventStatus;
import org.cortege.events.OccurrenceState;
import org.cortege.events.EventView;
import org.cortege.events.OccurrenceView;
import org.cortege.geo.GeoService;
import org.cortege.groups.GroupService;
import org.cortege.groups.GroupView;
import org.cortege.shared.ApiException;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;
import org.cortege.shared.RichText;

/**
 * What a link to one of our pages shows before any JavaScript runs: the title, description,
 * canonical address, Open Graph and Twitter card tags (WhatsApp, Signal, Telegram, Mastodon and
 * Facebook read them), schema.org {@code Event} JSON-LD on action pages, and whether search
 * engines may index it. The server writes them into the app's {@code index.html} for each address.
 * Why it is long: it holds the heads of every public page (home, action, group, the lists, the map)
 * and the action's schema.org JSON-LD with its rendering; the JSON-LD is the seam to cut next.
 */
@Singleton
class PublicPages {

    /** The head of one page; {@code status} is what the address answers (404 for an unknown action). */
    record Head(int status, Locale locale, String title, String description, String canonical, String image, String ogType,
                boolean indexable, Map<String, String> extra, String jsonLd) {
    }

    /**
     * A page as the server writes it: its head, what it shows before the app runs ({@link FirstPaint},
     * "" when nothing), and the API's answers the app would ask for first ({@code data}: API path →
     * JSON, the anonymous visitor's, so the app does not wait for them; empty for a signed-in reader).
     */
    record Page(Head head, String body, Map<String, String> data) {
    }

    /** The app's chunks (Vite's names) whose elements a first paint shows: their styles apply before the app runs. */
    static final java.util.Set<String> PAINTED_CHUNKS = java.util.Set.of("HomeView", "CountersPanel", "EventPageView", "GroupPageView",
            "EventListView", "GroupListView", "MapView", "SignupView", "BaseButton", "BaseCard", "BaseAlert");

    /** The view (source file, as Vite's manifest names it) of the public pages worth preloading. */
    static String viewOf(String path) {
        if (path.equals("/")) {
            return "src/features/counters/views/HomeView.vue";
        }
        if (ACTION.matcher(path).matches()) {
            return "src/features/events/views/EventPageView.vue";
        }
        if (GROUP.matcher(path).matches() && !path.equals("/groupes/nouveau")) {
            return "src/features/groups/views/GroupPageView.vue";
        }
        return switch (path) {
            case "/agir" -> "src/features/events/views/EventListView.vue";
            case "/groupes" -> "src/features/groups/views/GroupListView.vue";
            case "/carte" -> "src/features/map/views/MapView.vue";
            case "/je-soutiens" -> "src/features/people/views/SignupView.vue";
            default -> null;
        };
    }

    private static final DateTimeFormatter ISO = DateTimeFormatter.ISO_OFFSET_DATE_TIME;
    private static final Pattern ACTION = Pattern.compile("^/actions/([^/]{1,160})$");
    private static final Pattern GROUP = Pattern.compile("^/groupes/([^/]{1,140})$");
    /** Public pages without data of their own: path → message key of their title and description. */
    private static final Map<String, String> STATIC_PAGES = Map.of(
            "/carte", "map", "/agir", "events", "/groupes", "groups", "/je-soutiens", "signup", "/confidentialite", "privacy",
            "/credits", "credits", "/integrer", "embed");
    /** Pages whose content comes with the app: the frontend's message key of their heading (the first paint). */
    private static final Map<String, String> HEADINGS = Map.of(
            "/carte", "map.heading", "/agir", "events.list.heading", "/groupes", "groups.list.heading", "/je-soutiens", "signup.heading");
    /** Pages of one person or of staff: never indexed, never previewed with anything but the site's name. */
    private static final List<String> PRIVATE_PREFIXES = List.of("/admin", "/mon-espace", "/connexion", "/inscription", "/participation",
            "/desabonnement", "/notifications", "/signaler", "/embed", "/groupes/nouveau");

    private final EventService events;
    private final org.cortege.events.EventViews eventViews;
    private final GroupService groups;
    private final CountersService counters;
    private final GeoService geo;
    private final InstanceSettings settings;
    private final Messages messages;
    private final RichText richText;
    private final ObjectMapper json;
    private final FirstPaint firstPaint;

    PublicPages(EventService events, org.cortege.events.EventViews eventViews, GroupService groups, CountersService counters, GeoService geo, InstanceSettings settings, Messages messages,
                RichText richText, ObjectMapper json, FirstPaint firstPaint) {
        this.firstPaint = firstPaint;
        this.events = events;
        this.eventViews = eventViews;
        this.groups = groups;
        this.counters = counters;
        this.geo = geo;
        this.settings = settings;
        this.messages = messages;
        this.richText = richText;
        this.json = json;
    }

    /** The page at {@code path}; {@code signedIn} when the request carries a session (no anonymous data then). */
    Page page(String path, Locale locale, boolean signedIn) {
        String base = settings.publicUrl().toString();
        String homeImage = base + "/api/previews/home.png?lang=" + locale.getLanguage();
        Map<String, String> data = new LinkedHashMap<>();
        String content = "";
        Head head;
        Matcher action = ACTION.matcher(path);
        Matcher group = GROUP.matcher(path);
        if (path.equals("/")) {
            Counters c = counters.get(Optional.empty());
            head = homeHead(c, locale, base, homeImage);
            content = firstPaint.home(locale, c);
            data.put("/api/counters", write(c));
        } else if (action.matches() && !path.endsWith("/modifier")) {
            try {
                EventView e = eventViews.view(action.group(1), null, locale, ids -> java.util.Set.of());
                head = actionHead(e, locale, base);
                content = firstPaint.action(e, locale);
                // under the address the page will ask (the one visited: a slug, an old slug or an id)
                data.put("/api/events/" + action.group(1), write(e));
            } catch (ApiException gone) {
                head = missing(gone, locale, base, homeImage);
            }
        } else if (group.matches() && !path.equals("/groupes/nouveau")) {
            try {
                GroupView g = groups.view(group.group(1), null, locale);
                head = groupHead(g, locale, base);
                content = firstPaint.group(g, locale);
                data.put("/api/groups/" + group.group(1), write(g));
            } catch (ApiException gone) {
                head = missing(gone, locale, base, homeImage);
            }
        } else {
            head = otherHead(path, locale, base, homeImage);
            String heading = HEADINGS.get(path);
            if (heading != null) {
                content = firstPaint.heading(heading, locale, path.equals("/carte") ? "map-page" : path.equals("/agir") ? "page page--full stack"
                        : path.equals("/je-soutiens") ? "page" : "page page--wide stack");
            }
        }
        if (!firstPaint.available()) {
            return new Page(head, "", Map.of());
        }
        return new Page(head, content.isEmpty() ? "" : firstPaint.shell(path, locale, signedIn, content), signedIn ? Map.of() : data);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private Head homeHead(Counters c, Locale locale, String base, String homeImage) {
        String site = settings.organizationName();
        NumberFormat n = NumberFormat.getIntegerInstance(locale);
        return new Head(200, locale, site, messages.get(locale, "page.home.description", c.supporters(), n.format(c.supporters()),
                c.groups(), n.format(c.groups()), c.events(), n.format(c.events())), base + "/", homeImage, "website", true, Map.of(), null);
    }

    private Head otherHead(String path, Locale locale, String base, String homeImage) {
        String site = settings.organizationName();
        String key = STATIC_PAGES.get(path);
        if (key != null) {
            return new Head(200, locale, messages.get(locale, "page." + key + ".title") + " · " + site,
                    messages.get(locale, "page." + key + ".description"), base + path, homeImage, "website", true, Map.of(), null);
        }
        boolean personal = PRIVATE_PREFIXES.stream().anyMatch(p -> path.equals(p) || path.startsWith(p + "/"));
        return new Head(200, locale, site, messages.get(locale, "page.home.short"), base + (personal ? path : "/"), homeImage, "website",
                false, Map.of(), null);
    }

    private Head actionHead(EventView e, Locale locale, String base) {
        String url = base + "/actions/" + e.slug();
        OccurrenceView next = e.occurrences().stream().filter(o -> !o.past() && o.state() == OccurrenceState.ON).findFirst()
                .orElse(e.occurrences().isEmpty() ? null : e.occurrences().get(e.occurrences().size() - 1));
        String when = next == null ? null : when(next, e.allDay(), locale);
        String where = e.online() ? messages.get(locale, "page.action.online")
                : join(", ", e.address(), e.commune() == null ? null : e.commune() + (e.postalCode() == null ? "" : " (" + e.postalCode() + ")"));
        String cancelled = e.status() == EventStatus.CANCELLED ? messages.get(locale, "page.action.cancelled") + " " : "";
        String description = cancelled + join(" · ", when, where) + excerptAfter(e.description(), 160);
        Map<String, String> extra = new LinkedHashMap<>();
        if (next != null) {
            extra.put("event:start_time", ISO.format(next.start()));
            extra.put("event:end_time", ISO.format(next.end()));
        }
        return new Head(200, locale, e.title() + " · " + settings.organizationName(), description, url,
                base + "/api/previews/actions/" + e.slug() + ".png?lang=" + locale.getLanguage() + "&v=" + version(e),
                "website", e.status() != EventStatus.CANCELLED, extra, eventJsonLd(e, url, base));
    }

    private Head groupHead(GroupView g, Locale locale, String base) {
        String where = g.commune() + " (" + g.postalCode() + ")";
        String members = messages.get(locale, "page.group.members", g.memberCount(), NumberFormat.getIntegerInstance(locale).format(g.memberCount()));
        String description = join(" · ", g.typeLabel(), where, members) + excerptAfter(g.description(), 160);
        return new Head(200, locale, g.name() + " · " + settings.organizationName(), description, base + "/groupes/" + g.slug(),
                base + "/api/previews/groups/" + g.slug() + ".png?lang=" + locale.getLanguage() + "&v=" + g.memberCount(),
                "website", true, Map.of(), null);
    }

    /** An unknown or hidden action or group: the app shows its "not found" page, with the right status for robots. */
    private Head missing(ApiException e, Locale locale, String base, String homeImage) {
        int status = e.status().getCode() == HttpStatus.GONE.getCode() ? 410 : 404;
        return new Head(status, locale, messages.get(locale, "page.notFound.title") + " · " + settings.organizationName(),
                messages.get(locale, "page.home.short"), base + "/", homeImage, "website", false, Map.of(), null);
    }

    /** The preview image of the home page: the movement's figures. */
    PreviewImages.Card homeCard(Locale locale) {
        Counters c = counters.get(Optional.empty());
        NumberFormat n = NumberFormat.getIntegerInstance(locale);
        return new PreviewImages.Card(settings.organizationName(), null, messages.get(locale, "page.home.short"),
                List.of(messages.get(locale, "preview.home.supporters", c.supporters(), n.format(c.supporters())) + " · "
                                + messages.get(locale, "preview.home.groups", c.groups(), n.format(c.groups())),
                        messages.get(locale, "preview.home.events", c.events(), n.format(c.events()))), false);
    }

    /** The preview image of a public action (404/410 as its page when unknown or hidden). */
    PreviewImages.Card actionCard(String slug, Locale locale) {
        EventView e = eventViews.view(slug, null, locale, ids -> java.util.Set.of());
        OccurrenceView next = e.occurrences().stream().filter(o -> !o.past() && o.state() == OccurrenceState.ON).findFirst()
                .orElse(e.occurrences().isEmpty() ? null : e.occurrences().get(e.occurrences().size() - 1));
        boolean cancelled = e.status() == EventStatus.CANCELLED;
        List<String> facts = new ArrayList<>();
        if (next != null) {
            facts.add(capitalize(when(next, e.allDay(), locale)));
        }
        facts.add(e.online() ? messages.get(locale, "page.action.online")
                : join(", ", e.address(), e.commune() == null ? null : e.commune() + (e.postalCode() == null ? "" : " (" + e.postalCode() + ")")));
        String kicker = cancelled ? messages.get(locale, "preview.cancelled") + " · " + e.typeLabel() : e.typeLabel() + " · " + e.group().name();
        return new PreviewImages.Card(settings.organizationName(), kicker, e.title(), facts, cancelled);
    }

    /** The preview image of a public group. */
    PreviewImages.Card groupCard(String slug, Locale locale) {
        GroupView g = groups.view(slug, null, locale);
        return new PreviewImages.Card(settings.organizationName(), g.typeLabel(), g.name(),
                List.of(g.commune() + " (" + g.postalCode() + ")",
                        messages.get(locale, "preview.members", g.memberCount(), NumberFormat.getIntegerInstance(locale).format(g.memberCount()))),
                false);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Changes with what the preview image shows, so a platform that cached the old one fetches the new. */
    private static String version(EventView e) {
        return Integer.toHexString((e.title() + e.start() + e.commune() + e.status()).hashCode());
    }

    /** A date as people read it, in the action's own time: "mardi 8 décembre 2026 à 18:30" (also the first paint's). */
    static String when(OccurrenceView o, boolean allDay, Locale locale) {
        LocalDateTime start = o.start().toLocalDateTime();
        String at = "en".equals(locale.getLanguage()) ? " 'at' HH:mm" : " 'à' HH:mm";
        return DateTimeFormatter.ofPattern("EEEE d MMMM yyyy" + (allDay ? "" : at), locale).format(start);
    }

    private String excerptAfter(String markdown, int max) {
        String text = richText.excerpt(markdown, max);
        return text.isEmpty() ? "" : " — " + text;
    }

    private static String join(String separator, String... parts) {
        List<String> present = new ArrayList<>();
        for (String p : parts) {
            if (p != null && !p.isBlank()) {
                present.add(p.strip());
            }
        }
        return String.join(separator, present);
    }

    /** schema.org Event (https://schema.org/Event): what search engines read to show an action's dates. */
    private String eventJsonLd(EventView e, String url, String base) {
        List<Object> graph = new ArrayList<>();
        for (OccurrenceView o : e.occurrences()) {
            if (o.past() || graph.size() >= 20) {
                continue;
            }
            Map<String, Object> ev = new LinkedHashMap<>();
            ev.put("@context", "https://schema.org");
            ev.put("@type", "Event");
            ev.put("name", e.title());
            ev.put("description", richText.excerpt(e.description(), 300));
            ev.put("url", url);
            ev.put("startDate", e.allDay() ? o.start().toLocalDate().toString() : ISO.format(o.start()));
            ev.put("endDate", e.allDay() ? o.end().toLocalDate().toString() : ISO.format(o.end()));
            boolean cancelled = e.status() == EventStatus.CANCELLED || o.state() != OccurrenceState.ON;
            ev.put("eventStatus", cancelled ? "https://schema.org/EventCancelled"
                    : o.moved() ? "https://schema.org/EventRescheduled" : "https://schema.org/EventScheduled");
            ev.put("eventAttendanceMode", e.online() ? "https://schema.org/OnlineEventAttendanceMode"
                    : "https://schema.org/OfflineEventAttendanceMode");
            if (e.online()) {
                ev.put("location", Map.of("@type", "VirtualLocation", "url", url));
            } else {
                Map<String, Object> address = new LinkedHashMap<>();
                address.put("@type", "PostalAddress");
                if (e.address() != null) {
                    address.put("streetAddress", e.address());
                }
                address.put("addressLocality", e.commune());
                address.put("postalCode", e.postalCode());
                address.put("addressCountry", geo.country());
                Map<String, Object> place = new LinkedHashMap<>();
                place.put("@type", "Place");
                place.put("name", e.address() == null ? e.commune() : e.address());
                place.put("address", address);
                if (e.lat() != null && e.lng() != null) {
                    place.put("geo", Map.of("@type", "GeoCoordinates", "latitude", e.lat(), "longitude", e.lng()));
                }
                ev.put("location", place);
            }
            ev.put("organizer", Map.of("@type", "Organization", "name", e.group().name(), "url", base + "/groupes/" + e.group().slug()));
            ev.put("isAccessibleForFree", true);
            graph.add(ev);
        }
        if (graph.isEmpty()) {
            return null;
        }
        try {
            // "</script>" or "<!--" inside a title must not end the block: every "<" is written \u003c
            return json.writeValueAsString(graph.size() == 1 ? graph.get(0) : graph).replace("<", "\\u003c");
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    /** The head elements, escaped, to put in place of the app's {@code <title>}. */
    static String render(Head h, String siteName) {
        StringBuilder b = new StringBuilder(1024);
        b.append("<title>").append(esc(h.title())).append("</title>\n");
        meta(b, "name", "description", h.description());
        if (!h.indexable() || h.status() != 200) {
            meta(b, "name", "robots", "noindex");
        }
        b.append("<link rel=\"canonical\" href=\"").append(esc(h.canonical())).append("\">\n");
        meta(b, "property", "og:site_name", siteName);
        meta(b, "property", "og:type", h.ogType());
        meta(b, "property", "og:title", h.title());
        meta(b, "property", "og:description", h.description());
        meta(b, "property", "og:url", h.canonical());
        meta(b, "property", "og:image", h.image());
        meta(b, "property", "og:image:width", "1200");
        meta(b, "property", "og:image:height", "630");
        meta(b, "property", "og:image:alt", h.title());
        meta(b, "property", "og:locale", "en".equals(h.locale().getLanguage()) ? "en_GB" : "fr_FR");
        h.extra().forEach((k, v) -> meta(b, "property", k, v));
        meta(b, "name", "twitter:card", "summary_large_image");
        meta(b, "name", "twitter:title", h.title());
        meta(b, "name", "twitter:description", h.description());
        meta(b, "name", "twitter:image", h.image());
        if (h.jsonLd() != null) {
            b.append("<script type=\"application/ld+json\">").append(h.jsonLd()).append("</script>\n");
        }
        return b.toString();
    }

    private static void meta(StringBuilder b, String attribute, String name, String content) {
        if (content == null || content.isBlank()) {
            return;
        }
        b.append("<meta ").append(attribute).append("=\"").append(name).append("\" content=\"").append(esc(content)).append("\">\n");
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
