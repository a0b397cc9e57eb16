package org.cortege.web;

import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.net.URI;
import org.cortege.shared.InstanceSettings;

/**
 * Security headers on every answer: a strict Content-Security-Policy (scripts and styles from the
 * site only, images also from the configured tile server, no framing), HSTS behind HTTPS, no MIME
 * sniffing, no referrer leaving the site.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SecurityHeadersFilter implements Ordered {

    private final String contentSecurityPolicy;
    /** The embeddable pages (/embed/map, /embed/counters) may be framed by any site; nothing else may. */
    private final String embedPolicy;
    private final boolean https;

    SecurityHeadersFilter(InstanceSettings settings) {
        this.contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; "
                + "img-src 'self' data: " + tilesSource(settings.tilesUrl()) + "; connect-src 'self'; font-src 'self'; "
                + "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'; manifest-src 'self'";
        this.embedPolicy = contentSecurityPolicy.replace("frame-ancestors 'none'", "frame-ancestors *");
        this.https = settings.publicUrlIsHttps();
    }

    /** The tile template's origin, subdomain placeholders widened: "https://{s}.tile.example/{z}/…" → "https://*.tile.example". */
    static String tilesSource(String template) {
        try {
            URI uri = URI.create(template.replace("{s}", "a").replace("{z}", "0").replace("{x}", "0").replace("{y}", "0")
                    .replace("{r}", ""));
            if (uri.getScheme() == null || uri.getHost() == null) {
                return "";
            }
            String host = template.contains("{s}.") ? uri.getHost().replaceFirst("^a\\.", "*.") : uri.getHost();
            return uri.getScheme() + "://" + host + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
        } catch (IllegalArgumentException e) {
            return "";
        }
    }

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        var headers = response.getHeaders();
        boolean embed = request.getPath().startsWith("/embed/");
        headers.set("Content-Security-Policy", embed ? embedPolicy : contentSecurityPolicy);
        headers.set("X-Content-Type-Options", "nosniff");
        headers.set("Referrer-Policy", "same-origin");
        if (!embed) {
            headers.set("X-Frame-Options", "DENY");
            headers.set("Cross-Origin-Opener-Policy", "same-origin");
        }
        // link-preview images are meant to be shown by other sites (a post quoting an action's link)
        // link-preview images and the /embed/ pages are meant to be shown inside other sites' pages
        headers.set("Cross-Origin-Resource-Policy", embed || request.getPath().startsWith("/api/previews/") ? "cross-origin" : "same-origin");
        headers.set("Permissions-Policy", "camera=(), microphone=(), geolocation=(self), payment=(), usb=()");
        if (https || request.isSecure()) {
            headers.set("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
