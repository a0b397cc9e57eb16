package org.cortege.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Deep links of the Vue app ({@code /je-soutiens}, {@code /connexion/confirmer}…) answer the app's
 * {@code index.html}; the router then shows the page. API, health and real files (anything with a
 * dot in its last segment) are left to their handlers, so a missing asset is still a 404.
 */
@ServerFilter(ServerFilter.MATCH_ALL_PATTERN)
class SpaFallbackFilter implements Ordered {

    private final byte[] indexHtml;

    SpaFallbackFilter() {
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("public/index.html")) {
            this.indexHtml = in == null ? null : in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @RequestFilter
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
        return HttpResponse.ok(indexHtml)
                .contentType(MediaType.TEXT_HTML_TYPE.getName() + ";charset=utf-8")
                .header("Cache-Control", "no-cache");
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 20;
    }
}
