package org.cortege.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Vite's build manifest ({@code public/.vite/manifest.json}): which files a page's view needs.
 * The server writes them as {@code <link rel="modulepreload">} and stylesheets into the page, so the
 * browser fetches the view's chunk with the app instead of after it (one round trip less on a phone).
 */
@Singleton
class AppManifest {

    private final Map<String, Map<String, Object>> chunks;

    AppManifest(ObjectMapper json) {
        Map<String, Map<String, Object>> read = Map.of();
        try (InputStream in = getClass().getClassLoader().getResourceAsStream("public/.vite/manifest.json")) {
            if (in != null) {
                read = json.readValue(in.readAllBytes(), Argument.mapOf(Argument.STRING, Argument.mapOf(String.class, Object.class)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.chunks = read;
    }

    /** The head links that preload a view (its chunk, the chunks it imports, their styles); "" when unknown. */
    String preload(String view) {
        if (view == null || !chunks.containsKey(view)) {
            return "";
        }
        Set<String> scripts = new LinkedHashSet<>();
        Set<String> styles = new LinkedHashSet<>();
        collect(view, scripts, styles, new java.util.HashSet<>());
        StringBuilder b = new StringBuilder();
        for (String css : styles) {
            // fetched early, applied by the chunk when it runs: a stylesheet link would hold the first paint back
            b.append("<link rel=\"preload\" as=\"style\" crossorigin href=\"/").append(PublicPages.esc(css)).append("\">\n");
        }
        for (String js : scripts) {
            b.append("<link rel=\"modulepreload\" crossorigin href=\"/").append(PublicPages.esc(js)).append("\">\n");
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private void collect(String key, Set<String> scripts, Set<String> styles, Set<String> seen) {
        Map<String, Object> chunk = chunks.get(key);
        if (chunk == null || !seen.add(key) || Boolean.TRUE.equals(chunk.get("isEntry"))) {
            return; // the entry (index.html's script) is in the page already
        }
        for (Object i : (List<Object>) chunk.getOrDefault("imports", List.of())) {
            collect(String.valueOf(i), scripts, styles, seen);
        }
        scripts.add(String.valueOf(chunk.get("file")));
        for (Object css : (List<Object>) chunk.getOrDefault("css", List.of())) {
            styles.add(String.valueOf(css));
        }
    }
}
