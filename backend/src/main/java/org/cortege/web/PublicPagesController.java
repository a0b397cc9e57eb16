package org.cortege.web;

import io.micronaut.core.annotation.Nullable;
import io.swagger.v3.oas.annotations.tags.Tag;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.annotation.QueryValue;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.cortege.events.EventService;
import org.cortege.groups.GroupService;
import org.cortege.shared.Access;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * What search engines and link previews fetch besides the pages: {@code robots.txt}, the sitemap
 * of public pages (sitemaps.org protocol) and the preview image of the home page, an action or a
 * group (Open Graph {@code og:image}).
 */
@Access(Access.Level.VISITOR)
@Tag(name = "site")
@Controller
@ExecuteOn(TaskExecutors.BLOCKING)
class PublicPagesController {

    /** The sitemaps.org limit of one file is 50 000 addresses; public pages beyond are reached by links. */
    static final int SITEMAP_MAX = 50_000;
    private static final MediaType PNG = MediaType.IMAGE_PNG_TYPE;

    private final PublicPages pages;
    private final PreviewImages images;
    private final EventService events;
    private final GroupService groups;
    private final InstanceSettings settings;

    /** Preview images per client address and minute: link-preview robots fetch one per link shared. */
    static final int PREVIEWS_PER_MINUTE = 60;

    private final org.cortege.shared.LocalRateLimiter limiter;
    private final org.cortege.shared.ClientAddress addresses;

    PublicPagesController(PublicPages pages, PreviewImages images, EventService events, GroupService groups, InstanceSettings settings,
                          org.cortege.shared.LocalRateLimiter limiter, org.cortege.shared.ClientAddress addresses,
                          @io.micronaut.context.annotation.Property(name = "cortege.sitemap.cache-ttl", defaultValue = "10m") java.time.Duration sitemapTtl) {
        this.sitemaps = com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(1).expireAfterWrite(sitemapTtl)
                .build(k -> buildSitemap());
        this.limiter = limiter;
        this.addresses = addresses;
        this.pages = pages;
        this.images = images;
        this.events = events;
        this.groups = groups;
        this.settings = settings;
    }

    @Get("/robots.txt")
    @Produces(MediaType.TEXT_PLAIN)
    HttpResponse<String> robots() {
        String base = settings.publicUrl().toString();
        String body = """
                # Public pages (actions, groups, the map) are meant to be found; people's pages and the API are not.
                User-agent: *
                Disallow: /api/
                Allow: /api/previews/
                Disallow: /admin
                Disallow: /mon-espace
                Disallow: /connexion
                Disallow: /inscription
                Disallow: /participation
                Disallow: /desabonnement
                Disallow: /notifications
                Disallow: /signaler
                Disallow: /embed/

                Sitemap: %s/sitemap.xml
                """.formatted(base);
        return HttpResponse.ok(body).contentType(MediaType.TEXT_PLAIN + ";charset=utf-8").header("Cache-Control", "public, max-age=3600");
    }

    /** Built at most every 10 minutes per node (cortege.sitemap.cache-ttl): it reads every published group and action. */
    private final com.github.benmanes.caffeine.cache.LoadingCache<String, String> sitemaps;

    @Get("/sitemap.xml")
    @Produces(MediaType.APPLICATION_XML)
    HttpResponse<String> sitemap() {
        return HttpResponse.ok(sitemaps.get("")).contentType(MediaType.APPLICATION_XML + ";charset=utf-8")
                .header("Cache-Control", "public, max-age=600");
    }

    private String buildSitemap() {
        String base = settings.publicUrl().toString();
        StringBuilder b = new StringBuilder(64 * 1024);
        b.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
        int n = 0;
        for (String path : new String[] {"/", "/agir", "/carte", "/groupes", "/je-soutiens"}) {
            url(b, base + path, null);
            n++;
        }
        for (EventService.Listed e : events.listed(SITEMAP_MAX / 2)) {
            url(b, base + "/actions/" + e.slug(), e.updatedAt());
            n++;
        }
        for (GroupService.Listed g : groups.listed(SITEMAP_MAX - n)) {
            url(b, base + "/groupes/" + g.slug(), g.updatedAt());
        }
        b.append("</urlset>\n");
        return b.toString();
    }

    private static void url(StringBuilder b, String loc, @Nullable java.time.Instant modified) {
        b.append("  <url><loc>").append(PublicPages.esc(loc)).append("</loc>");
        if (modified != null) {
            b.append("<lastmod>").append(DateTimeFormatter.ISO_LOCAL_DATE.format(modified.atOffset(ZoneOffset.UTC))).append("</lastmod>");
        }
        b.append("</url>\n");
    }

    @Get("/api/previews/home.png")
    HttpResponse<byte[]> homeImage(@Nullable @QueryValue String lang, io.micronaut.http.HttpRequest<?> request) {
        limiter.consume("previews", addresses.of(request), PREVIEWS_PER_MINUTE);
        return png(images.png(pages.homeCard(locale(lang))), "public, max-age=600");
    }

    @Get("/api/previews/actions/{slug}.png")
    HttpResponse<byte[]> actionImage(@PathVariable String slug, @Nullable @QueryValue String lang, io.micronaut.http.HttpRequest<?> request) {
        limiter.consume("previews", addresses.of(request), PREVIEWS_PER_MINUTE);
        return png(images.png(pages.actionCard(slug, locale(lang))), "public, max-age=600");
    }

    @Get("/api/previews/groups/{slug}.png")
    HttpResponse<byte[]> groupImage(@PathVariable String slug, @Nullable @QueryValue String lang, io.micronaut.http.HttpRequest<?> request) {
        limiter.consume("previews", addresses.of(request), PREVIEWS_PER_MINUTE);
        return png(images.png(pages.groupCard(slug, locale(lang))), "public, max-age=600");
    }

    private static Locale locale(@Nullable String lang) {
        return Messages.normalize(lang);
    }

    private static HttpResponse<byte[]> png(byte[] bytes, String cacheControl) {
        if (bytes == null) {
            throw org.cortege.shared.ApiException.unavailable(); // 503 with Retry-After: busy drawing others
        }
        return HttpResponse.ok(bytes).contentType(PNG).header("Cache-Control", cacheControl);
    }
}
