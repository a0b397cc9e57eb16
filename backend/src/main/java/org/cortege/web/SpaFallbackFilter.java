package org.cortege.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.cortege.shared.InstanceSettings;
import org.cortege.shared.Messages;

/**
 * Deep links of the Vue app ({@code /je-soutiens}, {@code /actions/…}) answer the app's
 * {@code index.html} with the page's own head written in by {@link PublicPages} (title,
 * description, canonical address, link-preview tags, JSON-LD), in the visitor's language, with an
 * ETag and {@code no-cache} so a new release shows at once. An unknown action or group answers 404
 * (410 when hidden) with the same app, which shows its "not found" page. API, health and real files
 * (anything with a dot in its last segment) are left to their handlers, so a missing asset is still a 404.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SpaFallbackFilter implements Ordered {

    private static final String TITLE = "<title>Cortège</title>";
    private static final String APP = "<div id=\"app\"></div>";

    private final String indexHtml;
    private final PublicPages pages;
    private final InstanceSettings settings;

    private final String sessionCookie;

    private final AppManifest manifest;

    SpaFallbackFilter(PublicPages pages, InstanceSettings settings, AppManifest manifest,
                      @io.micronaut.context.annotation.Property(name = "cortege.session.cookie-name") String sessionCookie) {
        this.pages = pages;
        this.settings = settings;
        this.sessionCookie = sessionCookie;
        this.manifest = manifest;
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("public/index.html")) {
            this.indexHtml = in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (indexHtml != null && (!indexHtml.contains(TITLE) || !indexHtml.contains(APP))) {
            throw new IllegalStateException("public/index.html has no " + TITLE + " or " + APP + " to put each page's head in place of");
        }
    }

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    MutableHttpResponse<byte[]> serveApp(HttpRequest<?> request) {
        if (indexHtml == null || (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD)) {
            return null;
        }
        String path = request.getPath();
        if (path.startsWith("/api/") || path.equals("/api") || path.startsWith("/health") || path.startsWith("/metrics")
                || path.startsWith("/assets/")) {
            return null;
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        if (last.contains(".")) {
            return null;
        }
        Locale locale = Messages.localeOf(request);
        String page = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        boolean signedIn = request.getCookies().findCookie(sessionCookie).isPresent();
        PublicPages.Page built = pages.page(page, locale, signedIn);
        PublicPages.Head head = built.head();
        String view = PublicPages.viewOf(page);
        boolean painted = !built.body().isEmpty();
        String html = indexHtml.replace("<html lang=\"fr\">", "<html lang=\"" + locale.getLanguage() + "\">")
                .replace(TITLE, PublicPages.render(head, settings.organizationName())
                        + (painted ? manifest.head(view, PublicPages.PAINTED_CHUNKS) : manifest.preload(view)));
        if (painted) {
            html = html.replace(APP, "<div id=\"app\">" + built.body() + "</div>" + data(locale, built.data())
                    + manifest.tail(view, PublicPages.PAINTED_CHUNKS));
        }
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        String etag = "\"" + digest(body) + "\"";
        // 404/410 are for robots and anonymous visitors; someone signed in may be allowed to read a hidden
        // group (its managers, admins): the app asks the API, which decides, so the page itself answers 200
        int status = head.status() != 200 && signedIn ? 200 : head.status();
        MutableHttpResponse<byte[]> response;
        if (status == 200 && etag.equals(request.getHeaders().get(HttpHeaders.IF_NONE_MATCH))) {
            response = HttpResponse.status(HttpStatus.NOT_MODIFIED);
        } else {
            response = HttpResponse.<byte[]>status(HttpStatus.valueOf(status)).body(body)
                    .contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8");
        }
        return response.header(HttpHeaders.ETAG, etag).header(HttpHeaders.CACHE_CONTROL, "no-cache")
                .header(HttpHeaders.VARY, HttpHeaders.ACCEPT_LANGUAGE + ", " + HttpHeaders.COOKIE);
    }

    /**
     * The API's answers the app asks for first, as a JSON data block (never run: the policy allows no
     * inline script) that {@code shared/http.ts} reads once; every {@code <} is written {@code \u003c}
     * so nothing in a title can close the element.
     */
    private static String data(Locale locale, Map<String, String> responses) {
        if (responses.isEmpty()) {
            return "";
        }
        StringBuilder b = new StringBuilder("{\"locale\":\"").append(locale.getLanguage()).append("\",\"responses\":{");
        boolean first = true;
        for (Map.Entry<String, String> e : responses.entrySet()) {
            if (!first) {
                b.append(',');
            }
            first = false;
            b.append('"').append(e.getKey().replace("\\", "\\\\").replace("\"", "\\\"")).append("\":").append(e.getValue());
        }
        b.append("}}");
        return "<script type=\"application/json\" id=\"cortege-data\">" + b.toString().replace("<", "\\u003c") + "</script>";
    }

    private static String digest(byte[] body) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body), 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
