package org.cortege.web;

import io.micronaut.core.type.Argument;
import io.micronaut.serde.ObjectMapper;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
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

    /**
     * The head links that preload a view (its chunk, the chunks it imports, their styles); "" when unknown.
     */
    String preload(String view) {
        return links(view, null, false);
    }

    /**
     * The links of a view whose first paint the server wrote: the styles of {@code painted} chunks (by
     * their name: the view and the components the first paint shows) applied at once, in the head, so
     * the first paint has the app's layout; the view's scripts and other styles fetched after them
     * (written at the end of the page: on a thin link they would share it with the first paint's styles).
     */
    String head(String view, Set<String> painted) {
        return links(view, painted, true);
    }

    String tail(String view, Set<String> painted) {
        return links(view, painted, false);
    }

    private String links(String view, Set<String> painted, boolean paintedStylesOnly) {
        if (view == null || !chunks.containsKey(view)) {
            return "";
        }
        Set<String> scripts = new LinkedHashSet<>();
        Map<String, Boolean> styles = new LinkedHashMap<>();
        collect(view, scripts, styles, painted == null ? Set.of() : painted, new java.util.HashSet<>());
        StringBuilder b = new StringBuilder();
        styles.forEach((css, apply) -> {
            if (paintedStylesOnly) {
                if (apply) {
                    b.append("<link rel=\"stylesheet\" crossorigin href=\"/").append(PublicPages.esc(css)).append("\">\n");
                }
            } else if (!apply || painted == null) {
                // fetched early, applied by the chunk when it runs
                b.append("<link rel=\"preload\" as=\"style\" crossorigin href=\"/").append(PublicPages.esc(css)).append("\">\n");
            }
        });
        if (!paintedStylesOnly) {
            for (String js : scripts) {
                b.append("<link rel=\"modulepreload\" crossorigin href=\"/").append(PublicPages.esc(js)).append("\">\n");
            }
        }
        return b.toString();
    }

    @SuppressWarnings("unchecked")
    private void collect(String key, Set<String> scripts, Map<String, Boolean> styles, Set<String> painted, Set<String> seen) {
        Map<String, Object> chunk = chunks.get(key);
        if (chunk == null || !seen.add(key) || Boolean.TRUE.equals(chunk.get("isEntry"))) {
            return; // the entry (index.html's script) is in the page already
        }
        for (Object i : (List<Object>) chunk.getOrDefault("imports", List.of())) {
            collect(String.valueOf(i), scripts, styles, painted, seen);
        }
        scripts.add(String.valueOf(chunk.get("file")));
        // a component with global styles is named "BaseCard.vue_vue_type_style_index_0_lang" by Vite
        String name = String.valueOf(chunk.get("name"));
        boolean apply = painted.contains(name.contains(".vue") ? name.substring(0, name.indexOf(".vue")) : name);
        for (Object css : (List<Object>) chunk.getOrDefault("css", List.of())) {
            styles.merge(String.valueOf(css), apply, Boolean::logicalOr);
        }
    }
}
