package org.cortege.web;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.order.Ordered;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpMethod;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.RequestFilter;
import io.micronaut.http.annotation.ServerFilter;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The app's built files under {@code /assets/}: their names carry a hash of their content, so they
 * are cached a year ({@code immutable}: never revalidated), and each script, style and SVG is
 * served in the Brotli or gzip twin Vite built next to it when the browser accepts one (no CPU
 * spent compressing per request). Files are read once from the jar and kept in memory (the whole
 * app is a few megabytes).
 */
@ServerFilter("/assets/**")
class AssetsFilter implements Ordered {

    static final String IMMUTABLE = "public, max-age=31536000, immutable";
    /** Vite's names: letters, digits, dashes, underscores and dots; nothing that climbs out of the folder. */
    private static final Pattern NAME = Pattern.compile("/assets/[A-Za-z0-9_-][A-Za-z0-9_.-]{0,200}");
    private static final Map<String, String> TYPES = Map.of(
            "js", "text/javascript;charset=utf-8", "css", "text/css;charset=utf-8", "svg", "image/svg+xml",
            "json", "application/json", "png", "image/png", "woff2", "font/woff2", "webp", "image/webp", "jpg", "image/jpeg");

    /** Only files that exist are kept: a flood of made-up names costs no memory. */
    private final Map<String, byte[]> files = new ConcurrentHashMap<>();

    @RequestFilter
    @ExecuteOn(TaskExecutors.BLOCKING)
    @Nullable
    MutableHttpResponse<?> serve(HttpRequest<?> request) {
        if (request.getMethod() != HttpMethod.GET && request.getMethod() != HttpMethod.HEAD) {
            return null;
        }
        String path = request.getPath();
        String extension = path.substring(path.lastIndexOf('.') + 1);
        if (!NAME.matcher(path).matches() || path.contains("..") || !TYPES.containsKey(extension)) {
            return HttpResponse.notFound();
        }
        String accepted = request.getHeaders().get(HttpHeaders.ACCEPT_ENCODING, String.class).orElse("");
        for (String[] encoding : new String[][] {{"br", ".br"}, {"gzip", ".gz"}}) {
            if (accepts(accepted, encoding[0])) {
                Optional<byte[]> twin = file(path + encoding[1]);
                if (twin.isPresent()) {
                    return answer(twin.get(), extension).header(HttpHeaders.CONTENT_ENCODING, encoding[0]);
                }
            }
        }
        return file(path).<MutableHttpResponse<?>>map(bytes -> answer(bytes, extension)).orElseGet(HttpResponse::notFound);
    }

    private static MutableHttpResponse<byte[]> answer(byte[] bytes, String extension) {
        return HttpResponse.<byte[]>status(HttpStatus.OK).body(bytes).contentType(TYPES.get(extension))
                .header(HttpHeaders.CACHE_CONTROL, IMMUTABLE).header(HttpHeaders.VARY, HttpHeaders.ACCEPT_ENCODING);
    }

    /** Whether Accept-Encoding lists the coding without {@code q=0} (RFC 9110 §12.5.3). */
    static boolean accepts(String header, String coding) {
        for (String part : header.split(",")) {
            String[] bits = part.strip().split(";");
            if (bits[0].strip().equalsIgnoreCase(coding)) {
                for (int i = 1; i < bits.length; i++) {
                    String p = bits[i].strip().toLowerCase(java.util.Locale.ROOT);
                    if (p.startsWith("q=") && p.substring(2).matches("0(\\.0{0,3})?")) {
                        return false;
                    }
                }
                return true;
            }
        }
        return false;
    }

    private Optional<byte[]> file(String path) {
        return Optional.ofNullable(files.computeIfAbsent(path, p -> {
            try (InputStream in = getClass().getClassLoader().getResourceAsStream("public" + p)) {
                return in == null ? null : in.readAllBytes();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }));
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 30;
    }
}
