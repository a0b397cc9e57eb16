package org.cortege.web;

import static org.cortege.web.PublicPages.esc;

import jakarta.inject.Singleton;
import java.text.NumberFormat;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.cortege.counters.Counters;
import org.cortege.events.EventView;
import org.cortege.events.EventStatus;
import org.cortege.events.OccurrenceState;
import org.cortege.events.OccurrenceView;
import org.cortege.groups.GroupView;

/**
 * What a public page shows before its scripts have run: the app's header and the page's own content
 * (an action's title, dates, place and description; a group's; the home's welcome and figures),
 * written by the server into {@code <div id="app">} with the same elements and classes the app's
 * views render, so the app replaces it with the same thing once it runs. On a phone on 4G the
 * visitor reads the page in about a second instead of after the app's 90 kB of script (see
 * docs/benchmarks.md), and a reader without JavaScript gets the content too. Nothing here is
 * personal: the data is the anonymous visitor's view.
 */
@Singleton
class FirstPaint {

    /** How many dates the action's page shows before "more dates" (EventPageView's SHOWN_DATES). */
    private static final int SHOWN_DATES = 4;

    private final FrontendMessages m;

    FirstPaint(FrontendMessages messages) {
        this.m = messages;
    }

    boolean available() {
        return m.available();
    }

    /** The app's header (App.vue), with the current page's link marked, then {@code content} in its {@code <main>}. */
    String shell(String path, Locale locale, boolean signedIn, String content) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<a class=\"skip-link\" href=\"#main\">").append(esc(m.t(locale, "layout.skipToContent"))).append("</a>");
        b.append("<header class=\"app-header\"><div class=\"app-header__inner\">");
        b.append("<a href=\"/\" class=\"app-header__brand\">Cortège</a>");
        b.append("<nav aria-label=\"").append(esc(m.t(locale, "layout.mainNav"))).append("\" class=\"app-header__nav\">");
        link(b, path, "/", m.t(locale, "layout.nav.home"), null);
        link(b, path, "/groupes", m.t(locale, "layout.nav.groups"), null);
        link(b, path, "/agir", m.t(locale, "layout.nav.events"), null);
        link(b, path, "/carte", m.t(locale, "layout.nav.map"), null);
        if (signedIn) {
            link(b, path, "/mon-espace", m.t(locale, "layout.nav.me"), null);
        } else {
            link(b, path, "/connexion", m.t(locale, "layout.nav.login"), null);
            link(b, path, "/je-soutiens", m.t(locale, "layout.nav.signup"), "app-header__cta");
        }
        b.append("</nav>");
        b.append("<div class=\"app-header__lang\" role=\"group\" aria-label=\"").append(esc(m.t(locale, "layout.language"))).append("\">");
        for (String l : List.of("fr", "en")) {
            b.append("<button type=\"button\" aria-pressed=\"").append(l.equals(locale.getLanguage()) || ("fr".equals(l) && !"en".equals(locale.getLanguage())))
                    .append("\" lang=\"").append(l).append("\">").append(l.toUpperCase(Locale.ROOT))
                    .append("<span class=\"visually-hidden\"> – ").append(esc(m.t(locale, "layout.languages." + l))).append("</span></button>");
        }
        b.append("</div></div></header>");
        b.append("<main id=\"main\" tabindex=\"-1\">").append(content).append("</main>");
        return b.toString();
    }

    private static void link(StringBuilder b, String current, String href, String text, String cls) {
        boolean here = current.equals(href);
        String classes = (cls == null ? "" : cls) + (here ? (cls == null ? "" : " ") + "router-link-active router-link-exact-active" : "");
        b.append("<a href=\"").append(href).append('"');
        if (!classes.isEmpty()) {
            b.append(" class=\"").append(classes).append('"');
        }
        if (here) {
            b.append(" aria-current=\"page\"");
        }
        b.append('>').append(esc(text)).append("</a>");
    }

    /** The home's welcome and the movement's figures (HomeView, CountersPanel). */
    String home(Locale locale, Counters c) {
        NumberFormat n = numbers(locale);
        StringBuilder b = new StringBuilder(2048);
        b.append("<div class=\"page page--wide stack\"><section class=\"home-hero\">");
        b.append("<h1>").append(esc(m.t(locale, "home.heading"))).append("</h1>");
        b.append("<p class=\"home-hero__lead\">").append(esc(m.t(locale, "home.lead"))).append("</p>");
        b.append("<div class=\"actions\"><a class=\"base-button base-button--primary\" href=\"/je-soutiens\">")
                .append(esc(m.t(locale, "home.signupCta"))).append("</a><a class=\"base-button base-button--secondary\" href=\"/groupes\">")
                .append(esc(m.t(locale, "home.groupsCta"))).append("</a></div></section>");
        b.append("<section class=\"counters-panel\" aria-label=\"").append(esc(m.t(locale, "counters.label"))).append("\"><ul class=\"counters-panel__list\">");
        long[] figures = {c.supporters(), c.groups(), c.events()};
        String[] items = {"supporters", "groups", "events"};
        for (int i = 0; i < items.length; i++) {
            b.append("<li class=\"counters-panel__item\" data-counter=\"").append(items[i]).append("\"><span class=\"counters-panel__figure\">")
                    .append(esc(n.format(figures[i]))).append("</span> <span class=\"counters-panel__label\">")
                    .append(esc(m.tc(locale, "counters." + items[i], figures[i]))).append("</span></li>");
        }
        b.append("</ul></section></div>");
        return b.toString();
    }

    /** A page whose content comes with the app (lists, map, sign-up): its heading. */
    String heading(String key, Locale locale, String pageClass) {
        return "<div class=\"" + pageClass + "\"><h1>" + esc(m.t(locale, key)) + "</h1></div>";
    }

    /** An action's page (EventPageView): what it is, who holds it, its next dates, where, the description. */
    String action(EventView e, Locale locale) {
        List<OccurrenceView> coming = e.occurrences().stream().filter(o -> !o.past()).toList();
        boolean recurring = coming.size() > 1;
        StringBuilder b = new StringBuilder(4096);
        b.append("<div class=\"page page--wide\"><article class=\"event-page\"><header>");
        b.append("<p class=\"event-page__type\">").append(esc(e.typeLabel())).append("</p>");
        b.append("<h1>").append(esc(e.title())).append("</h1>");
        if (e.status() == EventStatus.CANCELLED) {
            b.append("<div class=\"base-alert base-alert--error\" role=\"alert\">").append(esc(m.t(locale, "events.page.cancelledAll"))).append("</div>");
        }
        b.append("<p class=\"muted\">").append(esc(m.t(locale, "events.by", "group", "")));
        groupLink(b, e.group());
        for (EventView.GroupRef c : e.cohosts()) {
            b.append(", ");
            groupLink(b, c);
        }
        b.append("</p>");
        String repeat = e.recurrenceLabel() != null ? capitalize(e.recurrenceLabel()) : recurring ? m.t(locale, "events.page.repeats") : "";
        if (!repeat.isEmpty()) {
            b.append("<p class=\"event-page__repeat\">").append(esc(repeat)).append("</p>");
        }
        b.append("</header><div class=\"event-page__grid\"><div class=\"stack\">");
        String description = e.descriptionHtml() == null || e.descriptionHtml().isBlank() ? null
                // sanitized by the server when it was written (RichText's allow-list), as the app shows it
                : "<div class=\"event-page__description\">" + e.descriptionHtml() + "</div>";
        if (recurring && description != null) {
            b.append(description);
        }
        b.append("<section class=\"stack\" aria-labelledby=\"dates-heading\"><h2 id=\"dates-heading\">")
                .append(esc(m.t(locale, coming.size() > 1 ? "events.page.dates" : "events.page.date"))).append("</h2>");
        if (coming.isEmpty()) {
            b.append("<p class=\"muted\">").append(esc(m.t(locale, "events.page.over"))).append("</p>");
        }
        b.append("<ul class=\"event-dates\">");
        NumberFormat n = numbers(locale);
        for (int i = 0; i < Math.min(SHOWN_DATES, coming.size()); i++) {
            OccurrenceView o = coming.get(i);
            b.append("<li id=\"date-").append(esc(o.id())).append("\" class=\"event-date")
                    .append(o.state() == OccurrenceState.ON ? "" : " event-date--cancelled")
                    .append(recurring && i == 0 ? " event-date--next" : recurring ? " event-date--compact" : "").append("\">");
            if (recurring && i == 0) {
                b.append("<p class=\"event-date__label\">").append(esc(m.t(locale, "events.page.nextDate"))).append("</p>");
            }
            b.append("<p class=\"event-date__when\"><time datetime=\"").append(esc(DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(o.start()))).append("\">")
                    .append(esc(when(o, e.allDay(), locale))).append("</time>");
            if (o.state() == OccurrenceState.CANCELLED) {
                b.append("<strong> · ").append(esc(m.t(locale, "events.cancelled"))).append("</strong>");
            }
            b.append("</p><p class=\"muted\">").append(esc(m.tc(locale, "events.going", o.rsvpCount(), "n", n.format(o.rsvpCount()))));
            if (e.capacity() != null) {
                b.append(" / ").append(esc(n.format(e.capacity())));
            }
            b.append("</p></li>");
        }
        b.append("</ul></section>");
        if (!recurring && description != null) {
            b.append(description);
        }
        b.append("</div><aside class=\"stack\"><div class=\"base-card\"><h2 class=\"event-page__where\">")
                .append(esc(m.t(locale, "events.form.where"))).append("</h2><p>");
        if (e.online()) {
            b.append(esc(m.t(locale, "events.onlineAt")));
        } else {
            b.append(esc((e.address() == null ? "" : e.address() + ", ") + e.postalCode() + " " + e.commune()));
        }
        b.append("</p></div></aside></div></article></div>");
        return b.toString();
    }

    /** A group's page (GroupPageView): what it is, where, how many, its description. */
    String group(GroupView g, Locale locale) {
        StringBuilder b = new StringBuilder(4096);
        b.append("<div class=\"page page--wide\"><article class=\"group-page\"><header class=\"group-page__header\">");
        b.append("<p class=\"group-page__type\">").append(esc(g.typeLabel())).append("</p>");
        b.append("<h1>").append(esc(g.name())).append("</h1>");
        b.append("<p class=\"muted\">").append(esc(g.commune() + " (" + g.departement() + ") · "
                + m.tc(locale, "groups.card.members", g.memberCount(), "n", numbers(locale).format(g.memberCount())))).append("</p>");
        b.append("</header><div class=\"group-page__grid\"><div class=\"stack\">");
        if (g.descriptionHtml() != null && !g.descriptionHtml().isBlank()) {
            // sanitized by the server when it was written (RichText's allow-list), as the app shows it
            b.append("<div class=\"group-page__description\">").append(g.descriptionHtml()).append("</div>");
        } else {
            b.append("<p class=\"muted\">").append(esc(m.t(locale, "groups.page.noDescription"))).append("</p>");
        }
        b.append("</div></div></article></div>");
        return b.toString();
    }

    private static void groupLink(StringBuilder b, EventView.GroupRef g) {
        b.append("<a href=\"/groupes/").append(esc(g.slug())).append("\">").append(esc(g.name())).append("</a>");
    }

    /** As the app's formatWhen and "fromTo": "samedi 20 mars 2027 à 10:00 – 12:00". */
    private String when(OccurrenceView o, boolean allDay, Locale locale) {
        String day = PublicPages.when(o, allDay, locale);
        return allDay ? day : m.t(locale, "events.page.fromTo", "day", day, "end", DateTimeFormatter.ofPattern("HH:mm").format(o.end()));
    }

    private static NumberFormat numbers(Locale locale) {
        // as Intl: French groups thousands with a narrow no-break space (U+202F)
        return NumberFormat.getIntegerInstance("en".equals(locale.getLanguage()) ? Locale.UK : Locale.FRANCE);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
